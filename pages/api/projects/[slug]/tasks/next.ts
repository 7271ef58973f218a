import type { NextApiRequest, NextApiResponse } from "next";
import { apiCaller } from "@/lib/server/auth/session";
import { nodeSessionReader } from "@/lib/server/auth/node-session";
import { parsedFor } from "@/lib/server/auth/api-caller";
import { postOnly, requestHead, routeParams, sendError, sendJson, sendNoContent } from "@/lib/server/node-api";
import { slugFrom } from "@/lib/server/route-params";
import { claimNextTaskFor } from "@/lib/server/queue/claim-next-task";

// POST /api/projects/:slug/tasks/next. A Pages Router API route rather than a route handler:
// the queue's hot path, and Node's request and response cost less per request than the web
// Request and Response (docs/ARCHITECTURE.md, docs/PERFORMANCE.md issue 17).

/** No body to read: Next must not parse one. */
export const config = { api: { bodyParser: false } };

export default async function claimNextTask(req: NextApiRequest, res: NextApiResponse) {
  if (!postOnly(req, res)) return;
  try {
    // A bearer token is checked by the claim's own statement (one round trip): api-caller.ts.
    const caller = await apiCaller(requestHead(req), nodeSessionReader(req));
    const slug = await parsedFor(caller, () => slugFrom(routeParams(req, "slug")));
    const task = await claimNextTaskFor(caller, slug);
    if (!task) return sendNoContent(res);
    sendJson(res, 200, { task });
  } catch (error) {
    sendError(res, error);
  }
}
