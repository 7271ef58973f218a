// The queue benchmark's HTTP client: node:http over kept-alive connections, one per simulated
// labeler. The load generator shares the machine with the app and PostgreSQL, so its own CPU
// per request is part of every HTTP figure: fetch (undici) spent about 0.75 ms of CPU per
// cycle here, node:http about half that (npm run bench:queue prints each process's CPU per cycle).
import http from "node:http";

export interface HttpAnswer {
  status: number;
  text: string;
}

export function httpClient(base: string, connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const { hostname, port } = new URL(base);
  return (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const request = http.request(
        {
          agent,
          hostname,
          port,
          method,
          path,
          headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
          );
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(body);
    });
}
