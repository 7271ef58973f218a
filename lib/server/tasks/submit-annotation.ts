import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { checkAnswer } from "@/lib/domain/answers";
import type { SubmitBody } from "@/lib/validation/tasks";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { lockHeldLease } from "@/lib/server/tasks/held-lease";
import type { SessionUser } from "@/lib/server/auth/session-user";

export interface SubmitResult {
  annotationId: string;
  /** True when this key was seen before and the stored answer is returned again. */
  replayed: boolean;
}

async function previousSubmit(labelerId: string, idempotencyKey: string, leaseId: string) {
  const existing = await db.annotation.findUnique({
    where: { labelerId_idempotencyKey: { labelerId, idempotencyKey } },
    select: { id: true, leaseId: true },
  });
  if (existing && existing.leaseId !== leaseId) {
    throw new AppError("conflict", "This Idempotency-Key was already used for another task", {
      reason: "idempotency_key_reused",
    });
  }
  return existing;
}

/**
 * Stores one labeler's answer for the slot they hold, exactly once: the same
 * Idempotency-Key returns the same annotation; a lost lease gets a conflict.
 */
export async function submitAnnotation(
  user: SessionUser,
  leaseId: string,
  idempotencyKey: string,
  body: SubmitBody,
): Promise<SubmitResult> {
  const before = await previousSubmit(user.id, idempotencyKey, leaseId);
  if (before) return { annotationId: before.id, replayed: true };
  try {
    return await db.$transaction(
      async (tx) => {
        const lease = await lockHeldLease(tx, leaseId, user.id);
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
        const answer = checked.answer;
        // Serialize the submits of one item, so that the last of them sees every other slot
        // done and closes the item (under READ COMMITTED two concurrent last submits would
        // each miss the other's). NO KEY UPDATE does not block claims, whose new leases only
        // take KEY SHARE on the item; taken before any insert, so no deadlock on those.
        await tx.$queryRaw`SELECT 1 FROM items WHERE id = ${lease.itemId}::uuid FOR NO KEY UPDATE`;
        const annotation = await tx.annotation.create({
          data: {
            projectId: lease.projectId,
            itemId: lease.itemId,
            slotId: lease.slotId,
            leaseId: lease.id,
            labelerId: user.id,
            text: answer.text,
            ranking: answer.ranking ?? Prisma.DbNull,
            strength: answer.strength,
            tieQuality: answer.tie,
            ratings: answer.ratings ?? Prisma.DbNull,
            flags: answer.flags ?? Prisma.DbNull,
            comment: answer.comment,
            timeSpentMs: answer.timeSpentMs ?? Math.max(0, Date.now() - lease.createdAt.getTime()),
            displayOrder: lease.displayOrder,
            guidelineVersion: lease.project.guidelineVersion,
            idempotencyKey,
          },
          select: { id: true },
        });
        if (answer.rewrite) {
          await tx.completion.create({
            data: {
              itemId: lease.itemId,
              text: answer.rewrite.text,
              model: "human-rewrite",
              editedFromId: answer.rewrite.completionId,
              annotationId: annotation.id,
            },
          });
        }
        const now = new Date();
        await tx.lease.update({ where: { id: lease.id }, data: { state: "submitted", endedAt: now } });
        await tx.slot.update({ where: { id: lease.slotId }, data: { state: "done", leaseExpiresAt: null } });
        const openSlots = await tx.slot.count({ where: { itemId: lease.itemId, state: { not: "done" } } });
        if (openSlots === 0) await tx.item.update({ where: { id: lease.itemId }, data: { status: "done" } });
        await tx.draft.deleteMany({ where: { itemId: lease.itemId, labelerId: user.id } });
        return { annotationId: annotation.id, replayed: false };
      },
      { maxWait: 10_000, timeout: 15_000 },
    );
  } catch (error) {
    // Two requests with one key raced: the loser (which found the lease already submitted,
    // or hit the unique key) returns the winner's answer.
    const raced =
      (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") ||
      (error instanceof AppError && (error.details as { state?: string } | undefined)?.state === "submitted");
    if (raced) {
      const winner = await previousSubmit(user.id, idempotencyKey, leaseId);
      if (winner) return { annotationId: winner.id, replayed: true };
    }
    throw error;
  }
}
