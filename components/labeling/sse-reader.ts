// Reads a server-sent-events answer with fetch, not EventSource: fetch sees the status (a 429
// when too many replies are being generated, 401, 409) and the JSON error body, which an
// EventSource hides behind a bare "error" event and then retries on its own. Same-origin
// fetch sends the session cookie as EventSource does.

export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Splits SSE text into events as it arrives. Keeps an unfinished event for the next chunk;
 * comment lines (": keepalive") are skipped. Pure: unit-tested with chunks cut anywhere.
 */
export class SseParser {
  private buffer = "";

  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    // Events end with a blank line; "\r\n" endings are allowed by the format.
    for (;;) {
      const match = /\r?\n\r?\n/.exec(this.buffer);
      if (!match) break;
      const block = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line === "" || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
      }
      if (data.length > 0) events.push({ event, data: data.join("\n") });
    }
    return events;
  }
}

export type StreamOpen = { ok: true } | { ok: false; status: number; code: string; message: string; reason?: string };

/**
 * Opens `url` and hands each event to `onEvent` until the answer ends or `signal` aborts.
 * Resolves how the opening went (a refusal's JSON error), then `done` when the stream ended.
 */
export async function readEventStream(
  url: string,
  onEvent: (event: SseEvent) => void,
  signal: AbortSignal,
): Promise<StreamOpen & { done?: Promise<void> }> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", headers: { accept: "text/event-stream" }, signal });
  } catch {
    return { ok: false, status: 0, code: "network", message: "Cannot reach the server" };
  }
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as {
      error?: { code?: string; message?: string; details?: { reason?: unknown } };
    } | null;
    const reason = body?.error?.details?.reason;
    return {
      ok: false,
      status: response.status,
      code: body?.error?.code ?? "http",
      message: body?.error?.message ?? `The server answered ${response.status}`,
      reason: typeof reason === "string" ? reason : undefined,
    };
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  const done = (async () => {
    try {
      for (;;) {
        const { value, done: ended } = await reader.read();
        if (ended) return;
        for (const event of parser.push(value)) onEvent(event);
      }
    } catch {
      // Aborted (the page moved on) or the connection dropped: the caller reloads the state.
    }
  })();
  return { ok: true, done };
}
