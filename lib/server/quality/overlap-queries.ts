import "server-only";
import { z } from "zod";
import { execute, queryRow, queryRows, type Queryable } from "@/lib/server/db/query";
import { storedRankingSchema, storedRatingsSchema } from "@/lib/validation/stored-json";

// Adaptive overlap and hourly rate (issue 16, docs/QUALITY.md): the project's settings, the
// slots of one item, and the answers the project page's forecast reads.

const settingsRow = z
  .object({
    overlap: z.number(),
    overlap_min: z.number().nullable(),
    overlap_max: z.number().nullable(),
    overlap_threshold: z.number(),
    overlap_confidence: z.number().nullable(),
    hourly_rate: z.number().nullable(),
  })
  .transform((r) => ({
    overlap: r.overlap,
    overlapMin: r.overlap_min,
    overlapMax: r.overlap_max,
    overlapThreshold: r.overlap_threshold,
    overlapConfidence: r.overlap_confidence,
    hourlyRate: r.hourly_rate,
  }));
export type OverlapSettings = z.output<typeof settingsRow>;

const SETTINGS_COLUMNS = "overlap, overlap_min, overlap_max, overlap_threshold, overlap_confidence, hourly_rate";

export async function overlapSettingsOf(db: Queryable, projectId: string): Promise<OverlapSettings> {
  const row = await queryRow(db, settingsRow, `SELECT ${SETTINGS_COLUMNS} FROM projects WHERE id = $1`, [projectId]);
  return row!;
}

export async function setOverlapColumns(
  db: Queryable,
  projectId: string,
  s: {
    overlap: number;
    overlapMin: number | null;
    overlapMax: number | null;
    overlapThreshold: number;
    overlapConfidence: number | null;
  },
): Promise<OverlapSettings> {
  const [row] = await queryRows(
    db,
    settingsRow,
    `UPDATE projects SET overlap = $2, overlap_min = $3, overlap_max = $4, overlap_threshold = $5, overlap_confidence = $6,
            updated_at = now()
      WHERE id = $1 RETURNING ${SETTINGS_COLUMNS}`,
    [projectId, s.overlap, s.overlapMin, s.overlapMax, s.overlapThreshold, s.overlapConfidence],
  );
  return row!;
}

export async function setHourlyRateColumn(
  db: Queryable,
  projectId: string,
  rate: number | null,
): Promise<OverlapSettings> {
  const [row] = await queryRows(
    db,
    settingsRow,
    `UPDATE projects SET hourly_rate = $2, updated_at = now() WHERE id = $1 RETURNING ${SETTINGS_COLUMNS}`,
    [projectId, rate],
  );
  return row!;
}

const itemSlotsRow = z
  .object({
    slots: z.number(),
    next_index: z.number(),
    target_overlap: z.number().nullable(),
    status: z.string(),
    gold_role: z.string().nullable(),
  })
  .transform((r) => ({
    slots: r.slots,
    nextIndex: r.next_index,
    targetOverlap: r.target_overlap,
    status: r.status,
    goldRole: r.gold_role,
  }));

/** An item's slots, locked (NO KEY UPDATE, as the submit takes it): two decisions never pick one index. */
export function lockItemSlots(db: Queryable, itemId: string) {
  return queryRow(
    db,
    itemSlotsRow,
    `SELECT (SELECT count(*)::int FROM slots s WHERE s.item_id = i.id) AS slots,
            (SELECT coalesce(max(s.index) + 1, 0)::int FROM slots s WHERE s.item_id = i.id) AS next_index,
            i.target_overlap, i.status::text AS status, i.gold_role
       FROM items i WHERE i.id = $1::uuid FOR NO KEY UPDATE`,
    [itemId],
  );
}

export async function addOpenSlot(db: Queryable, projectId: string, itemId: string, index: number): Promise<void> {
  await execute(db, "INSERT INTO slots (id, item_id, project_id, index) VALUES (gen_random_uuid(), $1, $2, $3)", [
    itemId,
    projectId,
    index,
  ]);
  // A slot to answer: the item is open again (it was done when its last slot was answered).
  await execute(db, "UPDATE items SET status = 'open' WHERE id = $1 AND status = 'done'", [itemId]);
}

const weightedAnswerRow = z.object({
  ranking: storedRankingSchema.nullable(),
  ratings: storedRatingsSchema.nullable(),
  gold: z.array(z.object({ ranking: storedRankingSchema.nullable(), gold: z.unknown() })),
});

/**
 * An item's answers (oldest first), each with its labeler's latest `window` answers on gold
 * items of the project (ranking and expected answer: goldScore scores them), for the weighted
 * rule. Read under the item's lock, in the submit's transaction.
 */
export function itemAnswersWithGold(db: Queryable, itemId: string, window: number) {
  return queryRows(
    db,
    weightedAnswerRow,
    `SELECT a.ranking, a.ratings,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('ranking', g.ranking, 'gold', g.gold_answer))
                        FROM (SELECT ga.ranking, gi.gold_answer
                                FROM annotations ga JOIN items gi ON gi.id = ga.item_id
                               WHERE ga.project_id = a.project_id AND ga.labeler_id = a.labeler_id
                                 AND gi.is_gold AND gi.gold_answer IS NOT NULL
                               ORDER BY ga.created_at DESC, ga.id DESC
                               LIMIT $2) g), '[]'::jsonb) AS gold
       FROM annotations a
      WHERE a.item_id = $1::uuid
      ORDER BY a.created_at, a.id`,
    [itemId, window],
  );
}

const itemAnswersRow = z
  .object({
    id: z.string(),
    status: z.string(),
    target_overlap: z.number().nullable(),
    slots: z.number(),
    completion_ids: z.array(z.string()),
    answers: z.array(z.object({ ranking: storedRankingSchema.nullable(), ratings: storedRatingsSchema.nullable() })),
  })
  .transform((r) => ({
    id: r.id,
    status: r.status,
    targetOverlap: r.target_overlap,
    slots: r.slots,
    completionIds: r.completion_ids,
    answers: r.answers,
  }));
export type ItemAnswers = z.output<typeof itemAnswersRow>;

/**
 * Every item of a project that is not archived and not a quality check (a gold item with a
 * role is served outside the overlap: docs/QUALITY.md), with its answers (oldest first) and its
 * slots; `doneOnly` keeps the items whose every slot is answered (those a new bound may reopen).
 */
export function projectItemAnswers(db: Queryable, projectId: string, doneOnly = false) {
  return queryRows(
    db,
    itemAnswersRow,
    `SELECT i.id, i.status::text AS status, i.target_overlap,
            (SELECT count(*)::int FROM slots s WHERE s.item_id = i.id) AS slots,
            ARRAY(SELECT c.id::text FROM completions c WHERE c.item_id = i.id AND c.position IS NOT NULL
                   ORDER BY c.position) AS completion_ids,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('ranking', a.ranking, 'ratings', a.ratings)
                                       ORDER BY a.created_at, a.id)
                        FROM annotations a WHERE a.item_id = i.id), '[]'::jsonb) AS answers
       FROM items i
      WHERE i.project_id = $1::uuid AND i.status <> 'archived' AND i.gold_role IS NULL ${doneOnly ? "AND i.status = 'done'" : ""}
      ORDER BY i.seq`,
    [projectId],
  );
}

const pairCountsRow = z.object({ comparisons: z.number(), agreeing: z.number() });

/**
 * The project's pooled pairwise agreement counts (items.agreement_stats, any version). Quality
 * checks are left out, as in the agreement report: everyone answers them against a known answer.
 */
export async function projectPairCounts(db: Queryable, projectId: string) {
  const [row] = await queryRows(
    db,
    pairCountsRow,
    `SELECT COALESCE(sum((agreement_stats ->> 'comparisons')::int), 0)::int AS comparisons,
            COALESCE(sum((agreement_stats ->> 'agreeing')::int), 0)::int AS agreeing
       FROM items WHERE project_id = $1::uuid AND gold_role IS NULL AND agreement_stats IS NOT NULL`,
    [projectId],
  );
  return row!;
}
