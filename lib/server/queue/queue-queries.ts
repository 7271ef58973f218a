import "server-only";
import { z } from "zod";
import { execute, queryRow, queryRows, type Queryable } from "@/lib/server/db/query";
import { LIVE_TOKEN_USER_SQL, tokenUserColumns, tokenUserOf } from "@/lib/server/auth/auth-queries";
import type { TaskView } from "@/lib/server/queue/task-view";
import { projectKindSchema } from "@/lib/validation/projects";
import { chatMessagesSchema, storedRankingSchema, storedRatingsSchema } from "@/lib/validation/stored-json";
import { QUALITY_CLAIM_OUTCOMES } from "@/lib/domain/quality/standing";

// The queue's statements. Claim, submit and heartbeat are the hot path (npm run bench:queue):
// each is one statement here, and each row is parsed by a small schema (microseconds).

// Typed by the interface the client components share (task-view.ts has no server code).
const taskViewSchema: z.ZodType<TaskView> = z.object({
  id: z.string(),
  expiresAt: z.string(),
  item: z.object({
    id: z.string(),
    messages: chatMessagesSchema,
    completions: z.array(z.object({ id: z.string(), text: z.string() })),
    fromFeedback: z.boolean(),
  }),
  project: z.object({ slug: z.string(), kind: projectKindSchema }),
  draft: z.string().nullable(),
  // Checked by draftBodySchema when saved; the page checks it against the task once more.
  answerDraft: z.unknown().transform((value) => value ?? null),
  timeSpentMs: z.number(),
  // Present only when the project shows judge suggestions and a consistent verdict exists.
  judgeSuggestion: z
    .object({ judge: z.string(), ranking: z.array(z.array(z.string())), rationale: z.string().nullable() })
    .optional(),
});

const claimRow = z.object({
  result: z.discriminatedUnion("outcome", [
    z.object({ outcome: z.literal("task"), task: taskViewSchema }),
    z.object({ outcome: z.enum(["empty", "not_member", "paused", "archived"]) }),
    // Issue 16 (qual): the labeler's standing, or a draft project (rlhf_quality_slot, docs/QUALITY.md).
    z.object({ outcome: z.enum(QUALITY_CLAIM_OUTCOMES) }),
  ]),
});

/** One call of rlhf_claim_task; an unknown slug gives a null project id, which no membership matches. */
export async function claimTask(db: Queryable, slug: string, userId: string) {
  const [row] = await queryRows(
    db,
    claimRow,
    "SELECT rlhf_claim_task((SELECT id FROM projects WHERE slug = $1), $2::uuid) AS result",
    [slug, userId],
  );
  return row!.result;
}

const tokenClaimRow = tokenUserColumns
  .extend({ result: claimRow.shape.result.nullable() })
  .transform((r) => ({ ...tokenUserOf(r), claim: r.result }));

/**
 * A bearer token's check and the claim in one statement (one round trip): the claim runs only
 * for the one row of a live token of an active user, and only when the token has the "label"
 * scope (claim null otherwise); no row means the token is not valid.
 */
export function claimTaskWithToken(db: Queryable, tokenHash: string, slug: string) {
  return queryRow(
    db,
    tokenClaimRow,
    `SELECT tu.*, CASE WHEN 'label' = ANY(tu.scopes)
                       THEN rlhf_claim_task((SELECT id FROM projects WHERE slug = $2), tu.id::uuid) END AS result
       FROM (${LIVE_TOKEN_USER_SQL}) tu`,
    [tokenHash, slug],
  );
}

const leaseContextRow = z
  .object({
    labeler_id: z.string(),
    item_id: z.string(),
    display_order: z.array(z.string()),
    kind: projectKindSchema,
    likert_enabled: z.boolean(),
    flags: z.array(z.string()),
    min_demo_length: z.number(),
    // Adaptive overlap (docs/QUALITY.md): the submit decides whether the item gets one more slot.
    project_id: z.string(),
    overlap_min: z.number().nullable(),
    overlap_max: z.number().nullable(),
    overlap_threshold: z.number(),
    overlap_confidence: z.number().nullable(),
    // The quality program (docs/QUALITY.md): only a check item or the training phase needs more after a submit.
    gold_role: z.string().nullable(),
    training_items: z.number(),
  })
  .transform((r) => ({
    labelerId: r.labeler_id,
    itemId: r.item_id,
    displayOrder: r.display_order,
    kind: r.kind,
    likertEnabled: r.likert_enabled,
    flags: r.flags,
    minDemoLength: r.min_demo_length,
    projectId: r.project_id,
    overlapMin: r.overlap_min,
    overlapMax: r.overlap_max,
    overlapThreshold: r.overlap_threshold,
    overlapConfidence: r.overlap_confidence,
    goldRole: r.gold_role,
    trainingItems: r.training_items,
  }));

/** What a submit checks the answer against: the lease's display order and its project's settings. */
export function leaseContext(db: Queryable, leaseId: string) {
  return queryRow(
    db,
    leaseContextRow,
    `SELECT l.labeler_id, l.item_id, l.display_order, p.kind::text AS kind, p.likert_enabled, p.flags, p.min_demo_length,
            l.project_id, p.overlap_min, p.overlap_max, p.overlap_threshold, p.overlap_confidence,
            (SELECT i.gold_role FROM items i WHERE i.id = l.item_id) AS gold_role, p.training_items
       FROM leases l JOIN projects p ON p.id = l.project_id WHERE l.id = $1`,
    [leaseId],
  );
}

const tokenLeaseRow = tokenUserColumns
  .extend({ lease: leaseContextRow.nullable() })
  .transform((r) => ({ ...tokenUserOf(r), lease: r.lease }));

/**
 * A bearer token's check and leaseContext in one statement (one round trip). No row: the
 * token is not valid; a row whose lease is null: no such lease.
 */
export function leaseContextWithToken(db: Queryable, tokenHash: string, leaseId: string) {
  return queryRow(
    db,
    tokenLeaseRow,
    `SELECT tu.*,
            (SELECT to_jsonb(c) FROM (
               SELECT l.labeler_id, l.item_id, l.display_order, p.kind::text AS kind, p.likert_enabled, p.flags,
                      p.min_demo_length, l.project_id, p.overlap_min, p.overlap_max, p.overlap_threshold, p.overlap_confidence,
            (SELECT i.gold_role FROM items i WHERE i.id = l.item_id) AS gold_role, p.training_items
                 FROM leases l JOIN projects p ON p.id = l.project_id WHERE l.id = $2::uuid) c) AS lease
       FROM (${LIVE_TOKEN_USER_SQL}) tu`,
    [tokenHash, leaseId],
  );
}

const statsAnswerSchema = z.object({
  id: z.string(),
  labeler: z.string(),
  ranking: storedRankingSchema.nullable(),
  ratings: storedRatingsSchema.nullable(),
});

const submitRow = z.object({
  result: z.discriminatedUnion("outcome", [
    z.object({
      outcome: z.enum(["stored", "replayed"]),
      annotationId: z.string(),
      /** For a ranking: the item's rankings and completion lengths, read under its lock. */
      item: z
        .object({
          answers: z.array(statsAnswerSchema).nullable(),
          lengths: z.record(z.string(), z.number()).nullable(),
        })
        .optional(),
    }),
    z.object({ outcome: z.enum(["key_reused", "not_found", "archived"]) }),
    z.object({ outcome: z.literal("lost"), state: z.string() }),
  ]),
});

/** One call of rlhf_submit_annotation: locks the lease, checks it is held, stores the answer. */
export async function submitAnswer(
  db: Queryable,
  a: { leaseId: string; userId: string; idempotencyKey: string; answer: unknown },
) {
  const [row] = await queryRows(
    db,
    submitRow,
    "SELECT rlhf_submit_annotation($1::uuid, $2::uuid, $3, $4::jsonb) AS result",
    [a.leaseId, a.userId, a.idempotencyKey, JSON.stringify(a.answer)],
  );
  return row!.result;
}

const heldLeaseRow = z
  .object({
    id: z.string(),
    slot_id: z.string(),
    item_id: z.string(),
    labeler_id: z.string(),
    state: z.string(),
    archived: z.boolean(),
    held: z.boolean(),
  })
  .transform((r) => ({
    id: r.id,
    slotId: r.slot_id,
    itemId: r.item_id,
    labelerId: r.labeler_id,
    state: r.state,
    archived: r.archived,
    held: r.held,
  }));

/** A lease locked until the transaction ends, with whether it is still held (rlhf_lease_is_held). */
export function lockLease(db: Queryable, leaseId: string) {
  return queryRow(
    db,
    heldLeaseRow,
    `SELECT l.id, l.slot_id, l.item_id, l.labeler_id, l.state::text AS state, p.status = 'archived' AS archived,
            COALESCE(rlhf_lease_is_held(l.state, l.labeler_id, s.state, s.labeler_id), false) AS held
       FROM leases l
       JOIN slots s ON s.id = l.slot_id
       JOIN projects p ON p.id = l.project_id
      WHERE l.id = $1::uuid
        FOR UPDATE OF l`,
    [leaseId],
  );
}

const untilRow = z.object({ until: z.date() });

/** rlhf_extend_lease: a full lease period of the project from now, on the lease and its slot. */
export async function extendLeaseRow(db: Queryable, leaseId: string): Promise<Date> {
  const [row] = await queryRows(db, untilRow, "SELECT rlhf_extend_lease($1::uuid) AS until", [leaseId]);
  return row!.until;
}

const releasedRow = z.object({ released: z.number() });

/** rlhf_release_expired_leases (of one project, or all with null); returns how many. */
export async function releaseExpiredLeaseRows(db: Queryable, projectId: string | null): Promise<number> {
  const [row] = await queryRows(db, releasedRow, "SELECT rlhf_release_expired_leases($1::uuid) AS released", [
    projectId,
  ]);
  return row!.released;
}

/** Locks the memberships of a scope (null: any project, any labeler), as every claim locks its own. */
export async function lockMemberships(db: Queryable, projectId: string | null, labelerId: string | null) {
  await db.query(
    `SELECT 1 FROM memberships
      WHERE ($1::uuid IS NULL OR project_id = $1::uuid) AND ($2::uuid IS NULL OR user_id = $2::uuid)
        FOR UPDATE`,
    [projectId, labelerId],
  );
}

/** Ends the active leases of a scope as released, gives back the slots they held; returns how many. */
export async function releaseActiveLeases(db: Queryable, projectId: string | null, labelerId: string | null) {
  // Each ended lease was active a moment ago: its slot goes back if the lease still held it.
  const [row] = await queryRows(
    db,
    releasedRow,
    `WITH ended AS (
       UPDATE leases SET state = 'released', ended_at = now()
        WHERE state = 'active'
          AND ($1::uuid IS NULL OR project_id = $1::uuid)
          AND ($2::uuid IS NULL OR labeler_id = $2::uuid)
       RETURNING slot_id, labeler_id
     ), opened AS (
       UPDATE slots s SET state = 'open', labeler_id = NULL, lease_expires_at = NULL
         FROM ended e
        WHERE s.id = e.slot_id AND rlhf_lease_is_held('active', e.labeler_id, s.state, s.labeler_id)
       RETURNING s.id
     )
     SELECT (SELECT count(*) FROM ended)::int AS released`,
    [projectId, labelerId],
  );
  return row!.released;
}

const draftRow = z.object({ updated_at: z.date() });

/**
 * Keeps a task's draft; returns when it was saved. A field left out keeps what was saved;
 * the time spent only grows (a late save from a closed tab never sets it back).
 */
export async function upsertDraft(
  db: Queryable,
  itemId: string,
  labelerId: string,
  draft: { text?: string; answer?: unknown; timeSpentMs?: number },
): Promise<Date> {
  const [row] = await queryRows(
    db,
    draftRow,
    `INSERT INTO drafts (item_id, labeler_id, text, answer, time_spent_ms, updated_at)
     VALUES ($1, $2, COALESCE($3, ''), $4::jsonb, COALESCE($5, 0), now())
     ON CONFLICT (item_id, labeler_id) DO UPDATE
        SET text = COALESCE($3, drafts.text),
            answer = COALESCE($4::jsonb, drafts.answer),
            time_spent_ms = GREATEST(drafts.time_spent_ms, COALESCE($5, 0)),
            updated_at = now()
     RETURNING updated_at`,
    [
      itemId,
      labelerId,
      draft.text ?? null,
      draft.answer === undefined ? null : JSON.stringify(draft.answer),
      draft.timeSpentMs ?? null,
    ],
  );
  return row!.updated_at;
}

/** Ends a held lease as skipped, gives its slot back, and keeps the item from this labeler for good. */
export async function skipLease(
  db: Queryable,
  lease: { id: string; slotId: string; itemId: string },
  labelerId: string,
  reason: string,
): Promise<void> {
  await execute(
    db,
    `INSERT INTO skips (item_id, labeler_id, reason) VALUES ($1, $2, $3)
     ON CONFLICT (item_id, labeler_id) DO UPDATE SET reason = excluded.reason`,
    [lease.itemId, labelerId, reason],
  );
  await execute(db, "UPDATE leases SET state = 'skipped', ended_at = now() WHERE id = $1", [lease.id]);
  await execute(db, "UPDATE slots SET state = 'open', labeler_id = NULL, lease_expires_at = NULL WHERE id = $1", [
    lease.slotId,
  ]);
}

/** rlhf_claim_task in the project of a lease the labeler just ended (the submit that asks for the next task). */
export async function claimTaskAfterLease(db: Queryable, leaseId: string, userId: string) {
  const [row] = await queryRows(
    db,
    claimRow,
    "SELECT rlhf_claim_task((SELECT project_id FROM leases WHERE id = $1), $2::uuid) AS result",
    [leaseId, userId],
  );
  return row!.result;
}
