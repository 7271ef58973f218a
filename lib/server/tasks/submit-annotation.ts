import "server-only";
import { checkAnswer } from "@/lib/domain/answers";
import type { SubmitBody } from "@/lib/validation/tasks";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import type { SessionUser } from "@/lib/server/auth/session-user";

export interface SubmitResult {
  annotationId: string;
  /** True when this key was seen before and the stored answer is returned again. */
  replayed: boolean;
}

type SubmitOutcome =
  | { outcome: "stored" | "replayed"; annotationId: string }
  | { outcome: "key_reused" | "not_found" }
  | { outcome: "lost"; state: string };

/**
 * Stores one labeler's answer for the slot they hold, exactly once: the same
 * Idempotency-Key returns the same annotation; a lost lease gets a conflict. The answer is
 * checked against what the labeler was shown, then stored by one call of the database
 * function rlhf_submit_annotation, which locks the lease and re-checks that it is still held.
 */
export async function submitAnnotation(
  user: SessionUser,
  leaseId: string,
  idempotencyKey: string,
  body: SubmitBody,
): Promise<SubmitResult> {
  const lease = await db.lease.findUnique({
    where: { id: leaseId },
    select: {
      labelerId: true,
      displayOrder: true,
      project: { select: { kind: true, likertEnabled: true, flags: true, minDemoLength: true } },
    },
  });
  // Someone else's lease looks exactly like a missing one.
  if (!lease || lease.labelerId !== user.id) throw new AppError("not_found", "No such task");
  const checked = checkAnswer(
    {
      kind: lease.project.kind,
      completionIds: lease.displayOrder,
      likertEnabled: lease.project.likertEnabled,
      allowedFlags: lease.project.flags,
      minDemoLength: lease.project.minDemoLength,
    },
    body,
  );
  if (!checked.ok) throw new AppError("bad_request", checked.problems.join("; "), checked.problems);

  const [row] = await db.$queryRaw<{ result: SubmitOutcome }[]>`
    SELECT rlhf_submit_annotation(${leaseId}::uuid, ${user.id}::uuid, ${idempotencyKey}, ${JSON.stringify(checked.answer)}::jsonb) AS result`;
  const result = row!.result;
  switch (result.outcome) {
    case "stored":
      return { annotationId: result.annotationId, replayed: false };
    case "replayed":
      return { annotationId: result.annotationId, replayed: true };
    case "key_reused":
      throw new AppError("conflict", "This Idempotency-Key was already used for another task", {
        reason: "idempotency_key_reused",
      });
    case "not_found":
      throw new AppError("not_found", "No such task");
    case "lost":
      throw new AppError(
        "conflict",
        result.state === "submitted"
          ? "This task was already submitted"
          : "This task is no longer yours: its lease ran out and it was given to someone else, or it was released",
        { reason: "lease_lost", state: result.state },
      );
  }
}
