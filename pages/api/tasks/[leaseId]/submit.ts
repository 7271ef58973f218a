import type { NextApiRequest, NextApiResponse } from "next";
import { idempotencyKeySchema, submitBodySchema, submitQuerySchema } from "@/lib/validation/tasks";
import { apiCaller } from "@/lib/server/auth/session";
import { nodeSessionReader } from "@/lib/server/auth/node-session";
import { parsedFor } from "@/lib/server/auth/api-caller";
import { AppError } from "@/lib/server/errors";
import { zodIssues } from "@/lib/server/http";
import {
  postOnly,
  readJsonBody,
  requestHead,
  routeParams,
  searchParamsOf,
  sendError,
  sendJson,
} from "@/lib/server/node-api";
import { leaseIdFrom } from "@/lib/server/route-params";
import { submitAnnotationFor } from "@/lib/server/queue/submit-annotation";
import { submitAndClaimNextFor } from "@/lib/server/queue/submit-and-claim-next";

// POST /api/tasks/:leaseId/submit. A Pages Router API route rather than a route handler: the
// queue's hot path, and Node's request and response cost less per request than the web
// Request and Response (docs/ARCHITECTURE.md, docs/PERFORMANCE.md issue 17).

/** The body is read by readJsonBody, capped as parseJsonBody caps it: Next must not parse it. */
export const config = { api: { bodyParser: false } };

export default async function submitTask(req: NextApiRequest, res: NextApiResponse) {
  if (!postOnly(req, res)) return;
  try {
    const request = requestHead(req);
    // A bearer token is checked by the lease read's own statement (one round trip): api-caller.ts.
    const caller = await apiCaller(request, nodeSessionReader(req));
    const { leaseId, key, query, body } = await parsedFor(caller, async () => {
      const leaseId = await leaseIdFrom(routeParams(req, "leaseId"));
      const key = idempotencyKeySchema.safeParse(request.headers.get("idempotency-key") ?? "");
      if (!key.success)
        throw new AppError("bad_request", "Send an Idempotency-Key header (8 to 200 characters)", zodIssues(key.error));
      const query = submitQuerySchema.safeParse(searchParamsOf(req));
      if (!query.success) throw new AppError("bad_request", "Invalid query", zodIssues(query.error));
      return { leaseId, key: key.data, query: query.data, body: await readJsonBody(req, submitBodySchema) };
    });
    if (query.next) return sendJson(res, 201, await submitAndClaimNextFor(caller, leaseId, key, body));
    const result = await submitAnnotationFor(caller, leaseId, key, body);
    sendJson(res, 201, {
      annotationId: result.annotationId,
      // Issue 16 (qual): training-phase feedback.
      ...(result.feedback ? { feedback: result.feedback } : {}),
    });
  } catch (error) {
    sendError(res, error);
  }
}
