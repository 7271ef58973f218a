import { NextResponse } from "next/server";
import { idempotencyKeySchema, submitBodySchema, submitQuerySchema } from "@/lib/validation/tasks";
import { requireApiUser } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { errorResponse, parseJsonBody, zodIssues } from "@/lib/server/http";
import { leaseIdFrom } from "@/lib/server/route-params";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { submitAndClaimNext } from "@/lib/server/queue/submit-and-claim-next";

export async function POST(request: Request, { params }: { params: Promise<{ leaseId: string }> }) {
  try {
    const user = await requireApiUser(request);
    const leaseId = await leaseIdFrom(params);
    const key = idempotencyKeySchema.safeParse(request.headers.get("idempotency-key") ?? "");
    if (!key.success)
      throw new AppError("bad_request", "Send an Idempotency-Key header (8 to 200 characters)", zodIssues(key.error));
    const query = submitQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("bad_request", "Invalid query", zodIssues(query.error));
    const body = await parseJsonBody(request, submitBodySchema);
    if (query.data.next)
      return NextResponse.json(await submitAndClaimNext(user, leaseId, key.data, body), { status: 201 });
    const result = await submitAnnotation(user, leaseId, key.data, body);
    return NextResponse.json({ annotationId: result.annotationId }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
