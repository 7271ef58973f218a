import "server-only";
import { z } from "zod";
import { execute, queryRows, type Queryable } from "@/lib/server/db/query";
import { USABLE_VERDICT } from "@/lib/server/export/provenance-queries";
import {
  chatMessagesSchema,
  storedFlagsSchema,
  storedRankingSchema,
  storedRatingsSchema,
  storedToolsSchema,
} from "@/lib/validation/stored-json";

// The export's reads (a batch of items at a time, streamed) and its record in `exports`.
// Every row is parsed: a few microseconds each beside the JSON the export writes for it.

export interface ExportItemFilter {
  projectId: string;
  minAgreement: number | null;
  /** Items no labeler answered but a judge did (docs/EXPORTS.md "Rows from judges") go in too. */
  judged?: boolean;
}

// Answered items, and with `judged` ($3) items with a usable judge verdict; the agreement
// floor applies to answered ones. A review item of the project's own feedback is left out: its
// answers are exported with its event (feedback-export.ts). Gold items with a role
// (qualification, training, attention: docs/QUALITY.md) check labelers; they are not data.
const ITEM_FILTER = `i.project_id = $1
  AND i.gold_role IS NULL
  AND (EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id)
       OR ($3::bool AND EXISTS (SELECT 1 FROM judge_annotations j WHERE j.item_id = i.id AND ${USABLE_VERDICT})))
  AND ($2::float8 IS NULL OR i.agreement >= $2 OR NOT EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id))
  AND NOT EXISTS (SELECT 1 FROM feedback_events fe WHERE fe.review_item_id = i.id AND fe.project_id = $1)`;

const countRow = z.object({ n: z.coerce.number() });

/** How many items the export will visit (answered ones, above the agreement floor). */
export async function countExportItems(db: Queryable, f: ExportItemFilter): Promise<number> {
  const [row] = await queryRows(db, countRow, `SELECT count(*)::text AS n FROM items i WHERE ${ITEM_FILTER}`, [
    f.projectId,
    f.minAgreement,
    f.judged ?? false,
  ]);
  return row!.n;
}

const itemRow = z
  .object({
    id: z.string(),
    seq: z.string(),
    external_id: z.string(),
    messages: chatMessagesSchema,
    tools: storedToolsSchema,
    agreement: z.number().nullable(),
    answered: z.boolean(),
  })
  .transform((r) => ({
    id: r.id,
    seq: r.seq,
    externalId: r.external_id,
    messages: r.messages,
    tools: r.tools,
    agreement: r.agreement,
    /** Whether any labeler answered it (whatever the export's filters). */
    answered: r.answered,
  }));

/** The next batch of items after arrival number `after` (keyset paging on seq). */
export function exportItemBatch(db: Queryable, f: ExportItemFilter, after: string, limit: number) {
  return queryRows(
    db,
    itemRow,
    `SELECT i.id, i.seq::text AS seq, i.external_id, i.messages, i.metadata->'tools' AS tools, i.agreement,
            EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id) AS answered FROM items i
      WHERE ${ITEM_FILTER} AND i.seq > $4 ORDER BY i.seq LIMIT $5`,
    [f.projectId, f.minAgreement, f.judged ?? false, after, limit],
  );
}

const completionRow = z
  .object({
    id: z.string(),
    item_id: z.string(),
    text: z.string(),
    model: z.string().nullable(),
    position: z.number().nullable(),
    annotation_id: z.string().nullable(),
    edited_from_id: z.string().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    itemId: r.item_id,
    text: r.text,
    model: r.model,
    position: r.position,
    annotationId: r.annotation_id,
    editedFromId: r.edited_from_id,
  }));

/** The completions of some items: the ranked ones, then the labelers' rewrites. */
export function exportCompletions(db: Queryable, itemIds: string[]) {
  return queryRows(
    db,
    completionRow,
    `SELECT id, item_id, text, model, position, annotation_id, edited_from_id FROM completions
      WHERE item_id = ANY($1) ORDER BY item_id, position NULLS LAST, created_at, id`,
    [itemIds],
  );
}

const answerRow = z
  .object({
    id: z.string(),
    item_id: z.string(),
    labeler_id: z.string(),
    created_at: z.date(),
    text: z.string().nullable(),
    ranking: storedRankingSchema.nullable(),
    strength: z.number().nullable(),
    tie_quality: z.string().nullable(),
    ratings: storedRatingsSchema.nullable(),
    flags: storedFlagsSchema.nullable(),
    comment: z.string().nullable(),
    time_spent_ms: z.number().nullable(),
    display_order: z.array(z.string()),
    guideline_version: z.number(),
  })
  .transform((r) => ({
    id: r.id,
    itemId: r.item_id,
    labelerId: r.labeler_id,
    createdAt: r.created_at,
    text: r.text,
    ranking: r.ranking,
    strength: r.strength,
    tieQuality: r.tie_quality,
    ratings: r.ratings,
    flags: r.flags,
    comment: r.comment,
    timeSpentMs: r.time_spent_ms,
    displayOrder: r.display_order,
    guidelineVersion: r.guideline_version,
  }));

export interface AnswerFilter {
  from: Date | null;
  to: Date | null;
  /** Only these labelers (null: everyone). */
  labelers: string[] | null;
  /** Peer review of demonstrations (ExportFilters.review); null or "all": every answer. */
  review?: "accepted" | "reviewed" | "all" | null;
}

// Peer review (docs/EXPORTS.md, "Reviewed demonstrations"): $5 "accepted" leaves out answers whose
// review is pending or rejected (answers never sampled stay in); "reviewed" keeps only accepted or edited ones.
const REVIEW_FILTER = `($5::text IS NULL OR $5 = 'all'
  OR ($5 = 'accepted' AND NOT EXISTS (SELECT 1 FROM demonstration_reviews r
                                       WHERE r.annotation_id = annotations.id AND r.status IN ('pending', 'rejected')))
  OR ($5 = 'reviewed' AND EXISTS (SELECT 1 FROM demonstration_reviews r
                                   WHERE r.annotation_id = annotations.id AND r.status IN ('accepted', 'edited'))))`;

/** The answers on some items, oldest first, filtered by date and labeler. */
export function exportAnswers(db: Queryable, itemIds: string[], f: AnswerFilter) {
  return queryRows(
    db,
    answerRow,
    `SELECT id, item_id, labeler_id, created_at, text, ranking, strength, tie_quality, ratings, flags, comment,
            time_spent_ms, display_order, guideline_version
       FROM annotations
      WHERE item_id = ANY($1) AND ($2::timestamptz IS NULL OR created_at >= $2)
        AND ($3::timestamptz IS NULL OR created_at < $3) AND ($4::uuid[] IS NULL OR labeler_id = ANY($4))
        AND ${REVIEW_FILTER}
      ORDER BY created_at, id`,
    [itemIds, f.from, f.to, f.labelers, f.review ?? null],
  );
}

/** Opens an export's record as running; false when the id is taken. */
export async function insertRunningExport(
  db: Queryable,
  e: {
    id: string;
    projectId: string;
    format: string;
    actorId: string | null;
    fileName: string | null;
    filters: unknown;
    /** The split's part names in the order given ([] without a split). */
    splitParts: string[];
  },
): Promise<boolean> {
  // The project row is locked while the record is made: an answer edit in flight (it holds the
  // row FOR SHARE, rlhf_edit_annotation.sql) finishes first and this export reads it; one that
  // starts later sees this export and is refused as final.
  const inserted = await execute(
    db,
    `WITH project AS (SELECT id FROM projects WHERE id = $2 FOR NO KEY UPDATE)
     INSERT INTO exports (id, project_id, format, status, created_by_id, file_name, filters, split_parts)
     SELECT $1, project.id, $3, 'running', $4, $5, $6, $7 FROM project ON CONFLICT (id) DO NOTHING`,
    [e.id, e.projectId, e.format, e.actorId, e.fileName, JSON.stringify(e.filters), e.splitParts],
  );
  return inserted > 0;
}

export async function writeExportProgress(
  db: Queryable,
  id: string,
  p: { itemsDone: number; itemsTotal: number; rows: number },
): Promise<void> {
  await execute(db, "UPDATE exports SET items_done = $2, items_total = $3, row_count = $4 WHERE id = $1", [
    id,
    p.itemsDone,
    p.itemsTotal,
    p.rows,
  ]);
}

export async function markExportDone(
  db: Queryable,
  id: string,
  d: { rows: number; itemsDone: number; itemsTotal: number; sha256: string; manifest: unknown },
): Promise<void> {
  await execute(
    db,
    `UPDATE exports SET status = 'done', row_count = $2, items_done = $3, items_total = $4, sha256 = $5,
            manifest = $6, finished_at = now()
      WHERE id = $1`,
    [id, d.rows, d.itemsDone, d.itemsTotal, d.sha256, JSON.stringify(d.manifest)],
  );
}

export async function markExportFailed(db: Queryable, id: string, error: string): Promise<void> {
  await execute(db, "UPDATE exports SET status = 'failed', error = $2, finished_at = now() WHERE id = $1", [id, error]);
}
