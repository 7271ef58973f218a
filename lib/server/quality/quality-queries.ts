import "server-only";
import { z } from "zod";
import { execute, queryRow, queryRows, type Queryable } from "@/lib/server/db/query";
import { storedRankingSchema } from "@/lib/validation/stored-json";

// The labeler quality program's SQL (issue 16, docs/QUALITY.md). Rows parsed by zod here;
// gold answers stay `unknown` until lib/domain/quality/gold-check.ts reads them.

const flagsSchema = z.record(z.string(), z.array(z.string())).nullable();
const rankingSchema = storedRankingSchema.nullable();

export const QUALITY_SETTING_COLUMNS = `p.qualification_required, p.qualification_threshold, p.qualification_retry_hours,
  p.training_items, p.attention_rate, p.attention_window, p.attention_threshold`;

export const qualitySettingsRow = z
  .object({
    qualification_required: z.boolean(),
    qualification_threshold: z.number(),
    qualification_retry_hours: z.number().nullable(),
    training_items: z.number(),
    attention_rate: z.number(),
    attention_window: z.number(),
    attention_threshold: z.number(),
  })
  .transform((r) => ({
    qualificationRequired: r.qualification_required,
    qualificationThreshold: r.qualification_threshold,
    qualificationRetryHours: r.qualification_retry_hours,
    trainingItems: r.training_items,
    attentionRate: r.attention_rate,
    attentionWindow: r.attention_window,
    attentionThreshold: r.attention_threshold,
  }));
export type QualitySettings = z.output<typeof qualitySettingsRow>;

export async function qualitySettingsOf(db: Queryable, projectId: string): Promise<QualitySettings> {
  const row = await queryRow(
    db,
    qualitySettingsRow,
    `SELECT ${QUALITY_SETTING_COLUMNS} FROM projects p WHERE p.id = $1`,
    [projectId],
  );
  return row!;
}

export async function writeQualitySettings(db: Queryable, projectId: string, s: QualitySettings): Promise<void> {
  await execute(
    db,
    `UPDATE projects SET qualification_required = $2, qualification_threshold = $3, qualification_retry_hours = $4,
            training_items = $5, attention_rate = $6, attention_window = $7, attention_threshold = $8, updated_at = now()
      WHERE id = $1`,
    [
      projectId,
      s.qualificationRequired,
      s.qualificationThreshold,
      s.qualificationRetryHours,
      s.trainingItems,
      s.attentionRate,
      s.attentionWindow,
      s.attentionThreshold,
    ],
  );
}

const submitContextRow = z
  .object({
    project_id: z.string(),
    labeler_id: z.string(),
    item_id: z.string(),
    kind: z.string(),
    flags: z.array(z.string()),
    gold_role: z.string().nullable(),
    gold_answer: z.unknown(),
    gold_explanation: z.string().nullable(),
    completion_ids: z.array(z.string()),
    ranking: rankingSchema,
    answer_flags: flagsSchema,
    counted_answers: z.number(),
  })
  .and(qualitySettingsRow);

/**
 * What the quality program needs after a submit, in one statement: the project's settings,
 * the item's gold role and answer, the answer, and how many non-qualification answers the
 * labeler has in the project (the training phase counts them).
 */
export async function qualitySubmitContext(db: Queryable, annotationId: string) {
  return queryRow(
    db,
    submitContextRow,
    `SELECT a.project_id, a.labeler_id, a.item_id, p.kind::text AS kind, p.flags, i.gold_role, i.gold_answer, i.gold_explanation,
            ARRAY(SELECT c.id::text FROM completions c WHERE c.item_id = i.id AND c.position IS NOT NULL ORDER BY c.position) AS completion_ids,
            a.ranking, a.flags AS answer_flags,
            -- Counted up to the training phase's end: past it the exact number does not matter.
            (SELECT count(*)::int FROM (
               SELECT 1 FROM annotations o JOIN items oi ON oi.id = o.item_id
                WHERE o.project_id = a.project_id AND o.labeler_id = a.labeler_id
                  AND oi.gold_role IS DISTINCT FROM 'qualification'
                LIMIT p.training_items + 1) counted) AS counted_answers,
            ${QUALITY_SETTING_COLUMNS}
       FROM annotations a JOIN items i ON i.id = a.item_id JOIN projects p ON p.id = a.project_id
      WHERE a.id = $1`,
    [annotationId],
  );
}

const goldAnswerRow = z
  .object({
    item_id: z.string(),
    number: z.number(),
    gold_answer: z.unknown(),
    completion_ids: z.array(z.string()),
    annotation_id: z.string().nullable(),
    ranking: rankingSchema,
    flags: flagsSchema,
    text: z.string().nullable(),
    skipped: z.boolean(),
  })
  .transform((r) => ({
    itemId: r.item_id,
    number: r.number,
    goldAnswer: r.gold_answer,
    completionIds: r.completion_ids,
    annotationId: r.annotation_id,
    ranking: r.ranking,
    flags: r.flags,
    text: r.text,
    skipped: r.skipped,
  }));
export type GoldAnswerRow = z.output<typeof goldAnswerRow>;

/** The project's gold items of one role with this labeler's answer (or skip) on each, in serving order. */
export async function goldAnswersOf(db: Queryable, projectId: string, labelerId: string, role: string) {
  return queryRows(
    db,
    goldAnswerRow,
    `SELECT i.id AS item_id, i.number, i.gold_answer,
            ARRAY(SELECT c.id::text FROM completions c WHERE c.item_id = i.id AND c.position IS NOT NULL ORDER BY c.position) AS completion_ids,
            a.id AS annotation_id, a.ranking, a.flags, a.text,
            EXISTS (SELECT 1 FROM skips k WHERE k.item_id = i.id AND k.labeler_id = $2) AS skipped
       FROM items i LEFT JOIN annotations a ON a.item_id = i.id AND a.labeler_id = $2
      WHERE i.project_id = $1 AND i.gold_role = $3
      ORDER BY i.priority DESC, i.seq`,
    [projectId, labelerId, role],
  );
}

const attentionRow = z.object({
  gold_answer: z.unknown(),
  completion_ids: z.array(z.string()),
  ranking: rankingSchema,
  flags: flagsSchema,
});

/** Records that an answer's labeler is shown its gold answer (training feedback): the answer is final from now on. */
export async function markTrained(db: Queryable, annotationId: string): Promise<void> {
  await execute(db, "UPDATE annotations SET trained_at = now() WHERE id = $1 AND trained_at IS NULL", [annotationId]);
}

/** The project of a qualification item in a project that requires qualification; null for any other item. */
export async function qualificationItemOf(db: Queryable, itemId: string): Promise<string | null> {
  const row = await queryRow(
    db,
    z.object({ project_id: z.string() }),
    `SELECT i.project_id FROM items i JOIN projects p ON p.id = i.project_id
      WHERE i.id = $1 AND i.gold_role = 'qualification' AND p.qualification_required`,
    [itemId],
  );
  return row?.project_id ?? null;
}

/** The labeler's latest attention-check answers, newest first. */
export async function recentAttentionAnswers(db: Queryable, projectId: string, labelerId: string, limit: number) {
  return queryRows(
    db,
    attentionRow,
    `SELECT i.gold_answer,
            ARRAY(SELECT c.id::text FROM completions c WHERE c.item_id = i.id AND c.position IS NOT NULL ORDER BY c.position) AS completion_ids,
            a.ranking, a.flags
       FROM annotations a JOIN items i ON i.id = a.item_id
      WHERE a.project_id = $1 AND a.labeler_id = $2 AND i.gold_role = 'attention'
      ORDER BY a.created_at DESC, a.id DESC
      LIMIT $3`,
    [projectId, labelerId, limit],
  );
}

const standingRow = z
  .object({
    project_id: z.string(),
    labeler_id: z.string(),
    status: z.enum(["pending", "passed", "failed"]),
    score: z.number().nullable(),
    answered: z.number(),
    attempt: z.number(),
    decided_at: z.date().nullable(),
    retry_after: z.date().nullable(),
    results: z.unknown(),
    grades: z.record(z.string(), z.boolean()),
    paused: z.boolean(),
    pause_reason: z.string().nullable(),
    paused_at: z.date().nullable(),
    override_by_id: z.string().nullable(),
    override_at: z.date().nullable(),
    override_reason: z.string().nullable(),
  })
  .transform((r) => ({
    projectId: r.project_id,
    labelerId: r.labeler_id,
    status: r.status,
    score: r.score,
    answered: r.answered,
    attempt: r.attempt,
    decidedAt: r.decided_at,
    retryAfter: r.retry_after,
    results: Array.isArray(r.results) ? (r.results as unknown[]) : [],
    grades: r.grades,
    paused: r.paused,
    pauseReason: r.pause_reason,
    pausedAt: r.paused_at,
    overrideById: r.override_by_id,
    overrideAt: r.override_at,
    overrideReason: r.override_reason,
  }));
export type Standing = z.output<typeof standingRow>;

/** The labeler's standing row, made (pending) when missing, locked for the change that follows. */
export async function lockStanding(db: Queryable, projectId: string, labelerId: string): Promise<Standing> {
  await execute(db, `INSERT INTO labeler_standings (project_id, labeler_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
    projectId,
    labelerId,
  ]);
  const row = await queryRow(
    db,
    standingRow,
    `SELECT * FROM labeler_standings WHERE project_id = $1 AND labeler_id = $2 FOR UPDATE`,
    [projectId, labelerId],
  );
  return row!;
}

export async function standingOf(db: Queryable, projectId: string, labelerId: string): Promise<Standing | null> {
  return queryRow(db, standingRow, `SELECT * FROM labeler_standings WHERE project_id = $1 AND labeler_id = $2`, [
    projectId,
    labelerId,
  ]);
}

export type StandingChange = Partial<
  Pick<
    Standing,
    | "status"
    | "score"
    | "answered"
    | "attempt"
    | "decidedAt"
    | "retryAfter"
    | "results"
    | "grades"
    | "paused"
    | "pauseReason"
    | "pausedAt"
    | "overrideById"
    | "overrideAt"
    | "overrideReason"
  >
>;

const COLUMN: Record<keyof StandingChange, string> = {
  status: "status",
  score: "score",
  answered: "answered",
  attempt: "attempt",
  decidedAt: "decided_at",
  retryAfter: "retry_after",
  results: "results",
  grades: "grades",
  paused: "paused",
  pauseReason: "pause_reason",
  pausedAt: "paused_at",
  overrideById: "override_by_id",
  overrideAt: "override_at",
  overrideReason: "override_reason",
};

export async function updateStanding(db: Queryable, projectId: string, labelerId: string, change: StandingChange) {
  const keys = Object.keys(change) as (keyof StandingChange)[];
  if (!keys.length) return;
  const sets = keys.map((k, i) => {
    const json = k === "results" || k === "grades";
    return `${COLUMN[k]} = $${i + 3}${json ? "::jsonb" : ""}`;
  });
  const values = keys.map((k) => (k === "results" || k === "grades" ? JSON.stringify(change[k]) : change[k]));
  await execute(
    db,
    `UPDATE labeler_standings SET ${sets.join(", ")}, updated_at = now() WHERE project_id = $1 AND labeler_id = $2`,
    [projectId, labelerId, ...values],
  );
}

/**
 * A new qualification attempt: the labeler's answers, slots (their leases and answers go
 * with them: ON DELETE CASCADE) and skips on the qualification items are removed. The
 * previous attempt's results stay in the standing row until the new decision replaces them.
 */
export async function clearQualificationAnswers(db: Queryable, projectId: string, labelerId: string) {
  const itemIds = `SELECT id FROM items WHERE project_id = $1 AND gold_role = 'qualification'`;
  await execute(db, `DELETE FROM slots WHERE labeler_id = $2 AND item_id IN (${itemIds})`, [projectId, labelerId]);
  await execute(db, `DELETE FROM skips WHERE labeler_id = $2 AND item_id IN (${itemIds})`, [projectId, labelerId]);
}

const memberStandingRow = z
  .object({
    user_id: z.string(),
    email: z.string(),
    name: z.string(),
    status: z.enum(["pending", "passed", "failed"]).nullable(),
    score: z.number().nullable(),
    answered: z.number().nullable(),
    paused: z.boolean().nullable(),
    pause_reason: z.string().nullable(),
    paused_at: z.date().nullable(),
    retry_after: z.date().nullable(),
  })
  .transform((r) => ({
    userId: r.user_id,
    email: r.email,
    name: r.name,
    status: r.status ?? "pending",
    score: r.score,
    answered: r.answered ?? 0,
    paused: r.paused ?? false,
    pauseReason: r.pause_reason,
    pausedAt: r.paused_at,
    retryAfter: r.retry_after,
  }));
export type MemberStanding = z.output<typeof memberStandingRow>;

/** Every member of the project with their standing (none yet: pending, not paused), by email. */
export async function memberStandings(db: Queryable, projectId: string) {
  return queryRows(
    db,
    memberStandingRow,
    `SELECT u.id AS user_id, u.email, u.name, s.status, s.score, s.answered, s.paused, s.pause_reason, s.paused_at, s.retry_after
       FROM memberships m JOIN users u ON u.id = m.user_id
       LEFT JOIN labeler_standings s ON s.project_id = m.project_id AND s.labeler_id = m.user_id
      WHERE m.project_id = $1
      ORDER BY u.email`,
    [projectId],
  );
}

/** Gold items of a role that can be served (an expected answer, or a demonstration qualification item). */
export async function usableGoldItems(db: Queryable, projectId: string, role: string): Promise<number> {
  const row = await queryRow(
    db,
    z.object({ n: z.number() }),
    `SELECT count(*)::int AS n FROM items i JOIN projects p ON p.id = i.project_id
      WHERE i.project_id = $1 AND i.gold_role = $2
        AND (i.gold_answer IS NOT NULL OR (p.kind = 'demonstration' AND $2 <> 'attention'))`,
    [projectId, role],
  );
  return row!.n;
}

/** Sets the project's status (draft when qualification cannot start). */
export async function setProjectStatusRaw(db: Queryable, projectId: string, status: string) {
  await execute(db, `UPDATE projects SET status = $2::"ProjectStatus", updated_at = now() WHERE id = $1`, [
    projectId,
    status,
  ]);
}

/** Sets an item's gold role, expected answer and explanation (role null: an ordinary gold item or none). */
export async function writeGoldItem(
  db: Queryable,
  itemId: string,
  gold: { isGold: boolean; answer: unknown; role: string | null; explanation: string | null },
) {
  await execute(
    db,
    `UPDATE items SET is_gold = $2, gold_answer = $3::jsonb, gold_role = $4, gold_explanation = $5 WHERE id = $1`,
    [itemId, gold.isGold, gold.answer === null ? null : JSON.stringify(gold.answer), gold.role, gold.explanation],
  );
}

const standingProjectRow = z
  .object({ project_id: z.string(), slug: z.string(), name: z.string(), qualification_required: z.boolean() })
  .transform((r) => ({
    projectId: r.project_id,
    slug: r.slug,
    name: r.name,
    qualificationRequired: r.qualification_required,
  }));

/** The projects of this member that require qualification or where they have a standing row. */
export async function projectsWithStanding(db: Queryable, userId: string) {
  return queryRows(
    db,
    standingProjectRow,
    `SELECT p.id AS project_id, p.slug, p.name, p.qualification_required
       FROM memberships m JOIN projects p ON p.id = m.project_id
      WHERE m.user_id = $1 AND p.status <> 'archived'
        AND (p.qualification_required
             OR EXISTS (SELECT 1 FROM labeler_standings s WHERE s.project_id = p.id AND s.labeler_id = $1))
      ORDER BY p.name`,
    [userId],
  );
}
