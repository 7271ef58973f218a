import "server-only";
import { idempotencyKeySchema } from "@/lib/validation/tasks";
import { AppError } from "@/lib/server/errors";
import { zodIssues } from "@/lib/server/http";

/** The Idempotency-Key header a choice or a finish must carry, as a submit does. */
export function requiredIdempotencyKey(request: Request): string {
  const key = idempotencyKeySchema.safeParse(request.headers.get("idempotency-key") ?? "");
  if (!key.success) {
    throw new AppError("bad_request", "Send an Idempotency-Key header (8 to 200 characters)", zodIssues(key.error));
  }
  return key.data;
}
