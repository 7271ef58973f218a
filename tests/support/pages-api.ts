// Calls a pages/api handler (the queue's hot path: pages/api/) the way the integration tests
// call route handlers: a web Request in, a Response out. The request becomes a Node-style
// request (method, url, lower-case headers, a body stream, query and cookies as Next's API
// resolver fills them); the answer is what the handler wrote.
import { Readable } from "node:stream";
import type { NextApiHandler, NextApiRequest, NextApiResponse } from "next";

export function pagesRoute<P extends Record<string, string>>(handler: NextApiHandler) {
  return async (request: Request, { params }: { params: Promise<P> }): Promise<Response> => {
    const url = new URL(request.url);
    const body = Buffer.from(await request.arrayBuffer());
    const headers = Object.fromEntries(request.headers);
    const cookies = Object.fromEntries(
      (headers.cookie ?? "")
        .split(";")
        .map((pair) => pair.trim().split("="))
        .filter(([name]) => name)
        .map(([name, ...value]) => [name!, decodeURIComponent(value.join("="))]),
    );
    const req = Object.assign(Readable.from(body.length > 0 ? [body] : []), {
      method: request.method,
      url: `${url.pathname}${url.search}`,
      headers,
      // Next puts the route's segments over the query's values of the same name.
      query: { ...Object.fromEntries(url.searchParams), ...(await params) },
      cookies,
    }) as unknown as NextApiRequest;
    return new Promise<Response>((resolve, reject) => {
      const answer = new Headers();
      const res = {
        statusCode: 200,
        setHeader(name: string, value: string | number) {
          answer.set(name, String(value));
          return res;
        },
        getHeader: (name: string) => answer.get(name) ?? undefined,
        end(chunk?: string) {
          resolve(
            new Response(chunk === undefined || res.statusCode === 204 ? null : chunk, {
              status: res.statusCode,
              headers: answer,
            }),
          );
          return res;
        },
      };
      Promise.resolve(handler(req, res as unknown as NextApiResponse)).catch(reject);
    });
  };
}
