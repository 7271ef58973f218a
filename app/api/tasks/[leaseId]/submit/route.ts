import { NextResponse } from "next/server";
import { idempotencyKeySchema, submitBodySchema } from "@/lib/validation/tasks";
import { apiCaller } from "@/lib/server/auth/session";
import { parsedFor } from "@/lib/server/auth/api-caller";
import { AppError } from "@/lib/server/errors";
import { errorResponse, parseJsonBody, zodIssues } from "@/lib/server/http";
import { leaseIdFrom } from "@/lib/server/route-params";
import { submitAnnotationFor } from "@/lib/server/queue/submit-annotation";

export async function POST(request: Request, { params }: { params: Promise<{ leaseId: string }> }) {
  try {
    // A bearer token is checked by the lease read's own statement (one round trip): api-caller.ts.
    const caller = await apiCaller(request);
    const { leaseId, key, body } = await parsedFor(caller, async () => {
      const leaseId = await leaseIdFrom(params);
      const key = idempotencyKeySchema.safeParse(request.headers.get("idempotency-key") ?? "");
      if (!key.success)
        throw new AppError("bad_request", "Send an Idempotency-Key header (8 to 200 characters)", zodIssues(key.error));
      return { leaseId, key: key.data, body: await parseJsonBody(request, submitBodySchema) };
    });
    const result = await submitAnnotationFor(caller, leaseId, key, body);
    return NextResponse.json({ annotationId: result.annotationId }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
