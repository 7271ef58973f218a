import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { itemContentHash } from "@/lib/domain/content-hash";
import type { ConversationView } from "@/lib/domain/conversation/view";
import { inTransaction } from "@/lib/server/db/client";
import { queryRow, type Queryable } from "@/lib/server/db/query";
import { pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { lockHeldLease } from "@/lib/server/queue/held-lease";
import {
  insertConversation,
  selectConversationOfLease,
  selectLeaseForConversation,
} from "@/lib/server/conversations/conversation-queries";
import { viewOf, withTurns } from "@/lib/server/conversations/conversation-state";

/**
 * The conversation of a task (a lease on a conversation project's item), made the first time
 * it is asked for: a reload asks again and gets the same conversation, at its last turn.
 */
export async function conversationForLease(userId: string, leaseId: string): Promise<ConversationView> {
  const existing = await selectConversationOfLease(pool(), leaseId);
  if (existing) {
    if (existing.labelerId !== userId) throw new AppError("not_found", "No such task");
    return viewOf(await withTurns(pool(), existing));
  }
  const lease = await selectLeaseForConversation(pool(), leaseId);
  if (!lease || lease.labelerId !== userId) throw new AppError("not_found", "No such task");
  if (lease.kind !== "conversation") throw new AppError("bad_request", "This task is not a conversation");
  await inTransaction(async (tx) => {
    // Only a task in hand starts a conversation.
    await lockHeldLease(tx, leaseId, userId);
    await insertConversation(tx, { projectId: lease.projectId, itemId: lease.itemId, leaseId, labelerId: userId });
  });
  const record = await selectConversationOfLease(pool(), leaseId);
  return viewOf(await withTurns(pool(), record!));
}

const ownOpeningRow = z.object({
  outcome: z.enum(["created", "not_member", "not_conversation", "closed", "not_allowed", "busy"]),
  lease_id: z.string().nullable(),
});

/**
 * A conversation the labeler opens themself (no imported opening), when the project allows it:
 * a new item of the project, held by this labeler alone (one slot, leased to them, the item
 * never served to anyone else), and its conversation. Refused while the labeler holds another
 * task of the project: one task at a time, as the queue serves them.
 */
export async function startOwnConversation(userId: string, slug: string): Promise<ConversationView> {
  const leaseId = await inTransaction(async (tx) => {
    const row = await createOwnOpening(tx, userId, slug);
    switch (row.outcome) {
      case "created":
        return row.lease_id!;
      case "not_member":
        throw new AppError("not_found", "No such project");
      case "not_conversation":
        throw new AppError("bad_request", "This project is not a conversation project");
      case "closed":
        throw new AppError("conflict", "This project is paused or archived: no new conversations", {
          reason: "project_closed",
        });
      case "not_allowed":
        throw new AppError("forbidden", "In this project, conversations start from the project's openings only");
      case "busy":
        throw new AppError("conflict", "Finish or skip the conversation you have open in this project first", {
          reason: "task_in_hand",
        });
    }
  });
  return conversationForLease(userId, leaseId);
}

async function createOwnOpening(db: Queryable, userId: string, slug: string) {
  const externalId = `own:${randomUUID()}`;
  const row = await queryRow(
    db,
    ownOpeningRow,
    `WITH p AS (SELECT * FROM projects WHERE slug = $1 FOR SHARE),
          m AS (SELECT 1 FROM memberships m, p WHERE m.project_id = p.id AND m.user_id = $2::uuid FOR UPDATE OF m)
     SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM p) OR NOT EXISTS (SELECT 1 FROM m) THEN 'not_member'
                 WHEN (SELECT kind FROM p) <> 'conversation' THEN 'not_conversation'
                 WHEN (SELECT status FROM p) <> 'active' THEN 'closed'
                 WHEN NOT (SELECT own_openings FROM p) THEN 'not_allowed'
                 WHEN EXISTS (SELECT 1 FROM leases l, p WHERE l.project_id = p.id AND l.labeler_id = $2::uuid
                                 AND l.state = 'active') THEN 'busy'
                 ELSE 'created' END AS outcome,
            NULL::text AS lease_id`,
    [slug, userId],
  );
  if (row!.outcome !== "created") return row!;
  // The item is "done" from the start: the queue never serves it; its one slot is this labeler's.
  const created = await queryRow(
    db,
    z.object({ lease_id: z.string() }),
    `WITH p AS (SELECT id, lease_seconds FROM projects WHERE slug = $1),
          i AS (INSERT INTO items (id, project_id, external_id, content_hash, messages, metadata, status)
                SELECT gen_random_uuid(), p.id, $3, $4, '[]'::jsonb, '{"source": "labeler"}'::jsonb, 'done' FROM p
                RETURNING id, project_id),
          s AS (INSERT INTO slots (id, item_id, project_id, index, state, labeler_id, lease_expires_at)
                SELECT gen_random_uuid(), i.id, i.project_id, 0, 'leased', $2::uuid, now() + make_interval(secs => p.lease_seconds)
                  FROM i, p RETURNING id, item_id, project_id, lease_expires_at)
     INSERT INTO leases (id, slot_id, item_id, project_id, labeler_id, state, display_order, expires_at)
     SELECT gen_random_uuid(), s.id, s.item_id, s.project_id, $2::uuid, 'active', '{}', s.lease_expires_at FROM s
     RETURNING id AS lease_id`,
    [slug, userId, externalId, itemContentHash([], [externalId])],
  );
  return { outcome: "created" as const, lease_id: created!.lease_id };
}
