import "server-only";
import { randomInt } from "node:crypto";
import { shuffled } from "@/lib/domain/answers";
import { db, type Tx } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { loadTaskView, type TaskView } from "@/lib/server/tasks/task-view";
import type { SessionUser } from "@/lib/server/auth/session-user";

const TRANSACTION = { maxWait: 10_000, timeout: 15_000 } as const;

/** Random numbers from the system CSPRNG: display orders must not be predictable. */
const secureRandom = () => randomInt(0, 2 ** 32) / 2 ** 32;

export async function requireMembership(tx: Tx, slug: string, userId: string) {
  const project = await tx.project.findUnique({ where: { slug } });
  if (!project) throw new AppError("not_found", "No such project");
  // Locks this labeler's membership row: their claims in this project run one at a time,
  // which is what keeps them to one lease per project.
  const member = await tx.$queryRaw<{ ok: number }[]>`
    SELECT 1 AS ok FROM memberships WHERE project_id = ${project.id}::uuid AND user_id = ${userId}::uuid FOR UPDATE`;
  // Not a member and no such project look the same from outside: no probing of slugs.
  if (member.length === 0) throw new AppError("not_found", "No such project");
  return project;
}

/**
 * Gives the labeler one slot of one item under a lease, or returns the lease they already
 * hold in this project (a refresh never takes a second slot). Slots are taken with
 * FOR UPDATE SKIP LOCKED, so concurrent labelers never wait on each other or collide.
 * Returns null when nothing is left for this labeler.
 */
export async function claimNextTask(user: SessionUser, slug: string): Promise<TaskView | null> {
  return db.$transaction(async (tx) => {
    const project = await requireMembership(tx, slug, user.id);
    if (project.status !== "active") {
      throw new AppError(
        "conflict",
        project.status === "paused" ? "This project is paused" : "This project is archived",
      );
    }
    const leaseUntil = new Date(Date.now() + project.leaseSeconds * 1000);

    const current = await tx.lease.findFirst({
      where: { projectId: project.id, labelerId: user.id, state: "active" },
      include: { slot: { select: { state: true, labelerId: true } } },
    });
    if (current) {
      const stillHeld = current.slot.state === "leased" && current.slot.labelerId === user.id;
      if (stillHeld) {
        // The labeler is back (reload, second tab): same task, fresh expiry.
        await tx.lease.update({ where: { id: current.id }, data: { expiresAt: leaseUntil } });
        await tx.slot.update({ where: { id: current.slotId }, data: { leaseExpiresAt: leaseUntil } });
        return loadTaskView(tx, current.id);
      }
      await tx.lease.update({ where: { id: current.id }, data: { state: "expired", endedAt: new Date() } });
    }

    const [slot] = await tx.$queryRaw<{ id: string; item_id: string; state: string }[]>`
      SELECT s.id, s.item_id, s.state::text AS state
        FROM items i
        JOIN slots s ON s.item_id = i.id
       WHERE i.project_id = ${project.id}::uuid
         AND i.status = 'open'
         AND (s.state = 'open' OR (s.state = 'leased' AND s.lease_expires_at < now()))
         AND NOT EXISTS (SELECT 1 FROM slots mine WHERE mine.item_id = i.id AND mine.labeler_id = ${user.id}::uuid)
         AND NOT EXISTS (SELECT 1 FROM skips k WHERE k.item_id = i.id AND k.labeler_id = ${user.id}::uuid)
       ORDER BY i.priority DESC, i.created_at, i.id, s.index
       LIMIT 1
       FOR UPDATE OF s SKIP LOCKED`;
    if (!slot) return null;

    if (slot.state === "leased") {
      // Reclaiming an expired lease: its holder has lost it.
      await tx.lease.updateMany({
        where: { slotId: slot.id, state: "active" },
        data: { state: "expired", endedAt: new Date() },
      });
    }
    await tx.slot.update({
      where: { id: slot.id },
      data: { state: "leased", labelerId: user.id, leaseExpiresAt: leaseUntil },
    });
    const completions = await tx.completion.findMany({
      where: { itemId: slot.item_id, position: { not: null } },
      select: { id: true },
      orderBy: { position: "asc" },
    });
    const lease = await tx.lease.create({
      data: {
        slotId: slot.id,
        itemId: slot.item_id,
        projectId: project.id,
        labelerId: user.id,
        expiresAt: leaseUntil,
        // Never the import order: position bias is measured against a random order.
        displayOrder: shuffled(
          completions.map((c) => c.id),
          secureRandom,
        ),
      },
    });
    return loadTaskView(tx, lease.id);
  }, TRANSACTION);
}
