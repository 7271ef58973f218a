import { NextResponse } from "next/server";
import { idempotencyKeySchema, submitBodySchema, submitQuerySchema } from "@/lib/validation/tasks";
import { apiCaller } from "@/lib/server/auth/session";
import { parsedFor } from "@/lib/server/auth/api-caller";
import { AppError } from "@/lib/server/errors";
import { errorResponse, parseJsonBody, zodIssues } from "@/lib/server/http";
import { leaseIdFrom } from "@/lib/server/route-params";
import { submitAnnotationFor } from "@/lib/server/queue/submit-annotation";
import { submitAndClaimNextFor } from "@/lib/server/queue/submit-and-claim-next";

export async function POST(request: Request, { params }: { params: Promise<{ leaseId: string }> }) {
  try {
    // A bearer token is checked by the lease read's own statement (one round trip): api-caller.ts.
    const caller = await apiCaller(request);
    const { leaseId, key, query, body } = await parsedFor(caller, async () => {
      const leaseId = await leaseIdFrom(params);
      const key = idempotencyKeySchema.safeParse(request.headers.get("idempotency-key") ?? "");
      if (!key.success)
        throw new AppError("bad_request", "Send an Idempotency-Key header (8 to 200 characters)", zodIssues(key.error));
      const query = submitQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) throw new AppError("bad_request", "Invalid query", zodIssues(query.error));
      return { leaseId, key: key.data, query: query.data, body: await parseJsonBody(request, submitBodySchema) };
    });
    if (query.next) return NextResponse.json(await submitAndClaimNextFor(caller, leaseId, key, body), { status: 201 });
    const result = await submitAnnotationFor(caller, leaseId, key, body);
    return NextResponse.json({ annotationId: result.annotationId }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
