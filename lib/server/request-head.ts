import "server-only";

/**
 * What authentication and origin checks read of a request: its method and headers. A web
 * `Request` (route handlers) is one; pages/api handlers pass a view of Node's request
 * (node-api.ts), so that both run the same checks without building a `Request`.
 */
export interface RequestHead {
  readonly method: string;
  readonly headers: { get(name: string): string | null };
}
