import "server-only";
import { z } from "zod";
import { queryRow, queryRows, type Queryable } from "@/lib/server/db/query";
import { projectKindSchema, storedProjectStatusSchema } from "@/lib/validation/projects";
import {
  chatMessagesSchema,
  storedFlagsSchema,
  storedRankingSchema,
  storedRatingsSchema,
  storedRewriteSchema,
} from "@/lib/validation/stored-json";

// A labeler's own answers: one to edit, their recent ones, the edit itself (one call of
// rlhf_edit_annotation) and the counts of the labeling page's progress line.

/** Why the quality program made an answer final (rlhf_answer_quality_lock), or null. */
const qualityLock = z.enum(["trained", "qualification"]).nullable();

const answerRow = z
  .object({
    id: z.string(),
    item_id: z.string(),
    revision: z.number(),
    created_at: z.date(),
    edited_at: z.date().nullable(),
    text: z.string().nullable(),
    ranking: storedRankingSchema.nullable(),
    strength: z.number().nullable(),
    tie_quality: z.enum(["good", "bad"]).nullable(),
    ratings: storedRatingsSchema.nullable(),
    flags: storedFlagsSchema.nullable(),
    comment: z.string().nullable(),
    rewrite: storedRewriteSchema.nullable(),
    messages: chatMessagesSchema,
    completions: z.array(z.object({ id: z.string(), text: z.string() })),
    slug: z.string(),
    name: z.string(),
    kind: projectKindSchema,
    status: storedProjectStatusSchema,
    likert_enabled: z.boolean(),
    flag_ids: z.array(z.string()),
    min_demo_length: z.number(),
    edit_window_seconds: z.number(),
    exported: z.boolean(),
    quality_lock: qualityLock,
    history: z.array(z.object({ revision: z.number(), madeAt: z.string(), replacedAt: z.string() })),
  })
  .transform((r) => ({
    id: r.id,
    itemId: r.item_id,
    revision: r.revision,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    answer: {
      text: r.text,
      ranking: r.ranking,
      strength: r.strength,
      tie: r.tie_quality,
      ratings: r.ratings,
      flags: r.flags,
      comment: r.comment,
      rewrite: r.rewrite,
    },
    messages: r.messages,
    completions: r.completions,
    project: {
      slug: r.slug,
      name: r.name,
      kind: r.kind,
      status: r.status,
      likertEnabled: r.likert_enabled,
      flags: r.flag_ids,
      minDemoLength: r.min_demo_length,
      editWindowSeconds: r.edit_window_seconds,
    },
    exported: r.exported,
    qualityLock: r.quality_lock,
    history: r.history,
  }));
export type StoredAnswer = z.output<typeof answerRow>;

/** One answer of this labeler's (null for anyone else's: it looks missing), with its task as shown. */
export function ownAnswer(db: Queryable, annotationId: string, labelerId: string): Promise<StoredAnswer | null> {
  return queryRow(
    db,
    answerRow,
    `SELECT a.id, a.item_id, a.revision, a.created_at, a.edited_at, a.text, a.ranking, a.strength, a.tie_quality,
            a.ratings, a.flags, a.comment,
            (SELECT jsonb_build_object('completionId', c.edited_from_id, 'text', c.text)
               FROM completions c WHERE c.annotation_id = a.id AND c.edited_from_id IS NOT NULL) AS rewrite,
            i.messages,
            coalesce((SELECT jsonb_agg(jsonb_build_object('id', c.id, 'text', c.text)
                                       ORDER BY array_position(a.display_order, c.id::text))
                        FROM completions c WHERE c.item_id = a.item_id AND c.id::text = ANY(a.display_order)),
                     '[]'::jsonb) AS completions,
            p.slug, p.name, p.kind::text AS kind, p.status::text AS status, p.likert_enabled,
            coalesce(p.flags, '{}') AS flag_ids, p.min_demo_length, p.edit_window_seconds,
            rlhf_answer_is_final(a.project_id, a.created_at) AS exported, rlhf_answer_quality_lock(a.id) AS quality_lock,
            coalesce((SELECT jsonb_agg(jsonb_build_object('revision', r.revision, 'madeAt', r.made_at,
                                                          'replacedAt', r.replaced_at) ORDER BY r.revision)
                        FROM answer_revisions r WHERE r.annotation_id = a.id), '[]'::jsonb) AS history
       FROM annotations a JOIN items i ON i.id = a.item_id JOIN projects p ON p.id = a.project_id
      WHERE a.id = $1 AND a.labeler_id = $2
        -- A removed member's answers look missing, as someone else's do.
        AND EXISTS (SELECT 1 FROM memberships m WHERE m.project_id = a.project_id AND m.user_id = a.labeler_id)`,
    [annotationId, labelerId],
  );
}

const recentRow = z
  .object({
    id: z.string(),
    revision: z.number(),
    created_at: z.date(),
    edited_at: z.date().nullable(),
    prompt: z.string().nullable(),
    slug: z.string(),
    name: z.string(),
    kind: projectKindSchema,
    status: storedProjectStatusSchema,
    edit_window_seconds: z.number(),
    exported: z.boolean(),
    quality_lock: qualityLock,
  })
  .transform((r) => ({
    id: r.id,
    revision: r.revision,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    prompt: r.prompt ?? "",
    project: { slug: r.slug, name: r.name, kind: r.kind, status: r.status, editWindowSeconds: r.edit_window_seconds },
    exported: r.exported,
    qualityLock: r.quality_lock,
  }));
export type RecentAnswerRow = z.output<typeof recentRow>;

/** This labeler's newest answers (of one project when given), newest first. */
export function recentAnswers(
  db: Queryable,
  labelerId: string,
  projectSlug: string | null,
  limit: number,
): Promise<RecentAnswerRow[]> {
  return queryRows(
    db,
    recentRow,
    `SELECT a.id, a.revision, a.created_at, a.edited_at,
            left((SELECT e.m ->> 'content' FROM jsonb_array_elements(i.messages) WITH ORDINALITY e(m, n)
                   WHERE e.m ->> 'role' = 'user' ORDER BY e.n DESC LIMIT 1), 200) AS prompt,
            p.slug, p.name, p.kind::text AS kind, p.status::text AS status, p.edit_window_seconds,
            rlhf_answer_is_final(a.project_id, a.created_at) AS exported, rlhf_answer_quality_lock(a.id) AS quality_lock
       FROM annotations a JOIN items i ON i.id = a.item_id JOIN projects p ON p.id = a.project_id
      WHERE a.labeler_id = $1 AND ($2::text IS NULL OR p.slug = $2)
        AND EXISTS (SELECT 1 FROM memberships m WHERE m.project_id = a.project_id AND m.user_id = $1)
      ORDER BY a.created_at DESC, a.id DESC
      LIMIT $3`,
    [labelerId, projectSlug, limit],
  );
}

const editResult = z.object({
  result: z.discriminatedUnion("outcome", [
    z.object({ outcome: z.literal("stored"), revision: z.number(), itemId: z.string() }),
    z.object({ outcome: z.literal("replayed"), revision: z.number(), itemId: z.string() }),
    z.object({ outcome: z.literal("key_reused") }),
    z.object({ outcome: z.literal("not_found") }),
    z.object({ outcome: z.literal("archived") }),
    z.object({ outcome: z.literal("window_closed"), editableUntil: z.string() }),
    z.object({ outcome: z.literal("final") }),
    z.object({ outcome: z.literal("too_many_edits") }),
    // Peer review: a reviewer decided on the answer (docs/QUALITY.md).
    z.object({ outcome: z.literal("reviewed") }),
    // Issue 16: the answer was followed by its gold answer (training feedback).
    z.object({ outcome: z.literal("trained") }),
    // Issue 16: a qualification answer once the qualification is decided.
    z.object({ outcome: z.literal("qualification_decided") }),
  ]),
});

/** One call of rlhf_edit_annotation: the author's new version, under the item and row locks. */
export async function editAnnotation(
  db: Queryable,
  a: { annotationId: string; labelerId: string; idempotencyKey: string; answer: unknown },
) {
  const row = await queryRow(
    db,
    editResult,
    "SELECT rlhf_edit_annotation($1::uuid, $2::uuid, $3, $4::jsonb) AS result",
    [a.annotationId, a.labelerId, a.idempotencyKey, JSON.stringify(a.answer)],
  );
  return row!.result;
}

/** Forgets an item's stored agreement stats, so that the next write (same transaction) always lands. */
export async function forgetItemStats(db: Queryable, itemId: string): Promise<void> {
  await db.query("UPDATE items SET agreement_stats = NULL, agreement = NULL WHERE id = $1", [itemId]);
}

const progressRow = z.object({ in_hand: z.number(), since: z.number() });

/** Slots of the project this labeler holds now (still "left" for them), and their answers since `since`. */
export async function inHandAndAnsweredSince(
  db: Queryable,
  projectId: string,
  labelerId: string,
  since: Date,
): Promise<{ inHand: number; since: number }> {
  const row = await queryRow(
    db,
    progressRow,
    `SELECT (SELECT count(*) FROM slots WHERE project_id = $1 AND labeler_id = $2 AND state = 'leased')::int AS in_hand,
            (SELECT count(*) FROM annotations WHERE project_id = $1 AND labeler_id = $2 AND created_at >= $3)::int AS since`,
    [projectId, labelerId, since],
  );
  return { inHand: row!.in_hand, since: row!.since };
}
