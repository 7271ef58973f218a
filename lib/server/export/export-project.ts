import "server-only";
import { createHash, type Hash } from "node:crypto";
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { ChatMessage } from "@/lib/domain/content-hash";
import type { ExportFormat } from "@/lib/domain/export/formats";
import { exportLines, type ExportAnnotation, type ExportItem } from "@/lib/domain/export/rows";
import { splitPartOf, type SplitPart } from "@/lib/domain/export/split";
import { qualityOf } from "@/lib/domain/agreement/labeler-quality";
import { refreshStaleAgreementStats } from "@/lib/server/agreement/item-stats";
import { labelerCounts } from "@/lib/server/agreement/project-agreement";
import { pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";

export interface ExportFilters {
  /** Only items whose labelers' pairwise agreement reaches this (items with one ranking are left out). */
  minAgreement?: number;
  /** best-of-n: the winner's mean Likert score must reach this. */
  minLikert?: number;
  /** Only items with at least this many answers (counted after the labeler and date filters). */
  minAnnotations?: number;
  /** Leave out every item on which any kept answer flagged anything. */
  excludeFlagged?: boolean;
  /** Only answers of labelers whose agreement with the others' consensus reaches this (unmeasured labelers are left out). */
  minLabelerAgreement?: number;
  /** Only answers given at or after this instant (ISO 8601). */
  from?: string;
  /** Only answers given before this instant (ISO 8601). */
  to?: string;
  /** A deterministic split by prompt, e.g. [{name: "train", share: 0.9}, {name: "test", share: 0.1}]. */
  split?: SplitPart[];
}

export interface SplitSummary {
  share: number;
  items: number;
  rows: number;
  sha256: string;
}

export interface ExportManifest {
  project: string;
  format: ExportFormat;
  filters: Record<string, unknown>;
  rows: number;
  /** Of every row in export order: the file's hash when there is no split. */
  sha256: string;
  items: number;
  annotations: number;
  /** Pairwise agreement of the exported items that have one (two or more rankings). */
  agreement: { itemsMeasured: number; mean: number | null; min: number | null };
  guidelineVersions: number[];
  /** Per part when split: its share, items, rows and sha256. */
  split: Record<string, SplitSummary> | null;
  createdAt: string;
}

export interface ExportProgress {
  itemsDone: number;
  itemsTotal: number;
  rows: number;
}

/** Where rows go: one stream, or one per split part (null: count the part but do not write it). */
export type ExportSink = Writable | ((part: string) => Writable | null);

const BATCH = 1000;

/** Same labeler, same id within a project; no way back to the account from the file. */
function pseudonym(projectId: string, labelerId: string): string {
  return `l_${createHash("sha256").update(`${projectId}:${labelerId}`).digest("hex").slice(0, 12)}`;
}

function groupBy<T extends { item_id: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.item_id);
    if (list) list.push(row);
    else map.set(row.item_id, [row]);
  }
  return map;
}

/** Filters as recorded in the manifest and the exports table (undefined ones left out). */
export function filtersRecord(filters: ExportFilters): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === false) continue;
    record[key] = key === "split" ? Object.fromEntries((value as SplitPart[]).map((p) => [p.name, p.share])) : value;
  }
  return record;
}

/**
 * Streams a project's answers as JSONL in one format, in arrival order of items and
 * creation order of answers, a batch of items at a time (memory stays flat), hashing what
 * it writes. The same data and options give a byte-identical file.
 */
export async function exportProject(
  slug: string,
  format: ExportFormat,
  out: ExportSink,
  filters: ExportFilters = {},
  onProgress?: (progress: ExportProgress) => void,
): Promise<ExportManifest> {
  const { rows: projects } = await pool().query<{ id: string }>("SELECT id FROM projects WHERE slug = $1", [slug]);
  const project = projects[0];
  if (!project) throw new AppError("not_found", `no project with slug ${slug}`);
  const from = filters.from ? new Date(filters.from) : null;
  const to = filters.to ? new Date(filters.to) : null;
  if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime())))
    throw new AppError("bad_request", "from and to must be dates (ISO 8601)");

  let labelers: string[] | null = null;
  if (filters.minLabelerAgreement !== undefined) {
    // The same numbers as the agreement report's "with others" column.
    await refreshStaleAgreementStats(project.id);
    labelers = [...(await labelerCounts(project.id))]
      .filter(([labeler, counts]) => {
        const agreement = qualityOf(labeler, counts).agreementWithOthers;
        return agreement !== null && agreement >= filters.minLabelerAgreement!;
      })
      .map(([labeler]) => labeler);
  }

  const itemFilter = `i.project_id = $1 AND EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id)
    AND ($2::float8 IS NULL OR i.agreement >= $2)`;
  const { rows: counted } = await pool().query<{ n: string }>(
    `SELECT count(*)::text AS n FROM items i WHERE ${itemFilter}`,
    [project.id, filters.minAgreement ?? null],
  );
  const itemsTotal = Number(counted[0]!.n);

  const sinkFor = typeof out === "function" ? out : () => out;
  const total = createHash("sha256");
  const parts = new Map<string, SplitSummary & { hash: Hash; sink: Writable | null }>();
  for (const part of filters.split ?? [{ name: "", share: 1 }]) {
    parts.set(part.name, {
      share: part.share,
      items: 0,
      rows: 0,
      sha256: "",
      hash: createHash("sha256"),
      sink: sinkFor(part.name),
    });
  }
  const names = new Map<string, string>();
  const nameOf = (labelerId: string) => {
    let name = names.get(labelerId);
    if (!name) {
      name = pseudonym(project.id, labelerId);
      names.set(labelerId, name);
    }
    return name;
  };
  let rows = 0;
  let items = 0;
  let itemsDone = 0;
  let annotations = 0;
  const measured = { count: 0, sum: 0, min: Infinity };
  const versions = new Set<number>();
  let after = "0";
  for (;;) {
    const { rows: batch } = await pool().query<{
      id: string;
      seq: string;
      external_id: string;
      messages: ChatMessage[];
      agreement: number | null;
    }>(
      `SELECT i.id, i.seq::text AS seq, i.external_id, i.messages, i.agreement FROM items i
        WHERE ${itemFilter} AND i.seq > $3 ORDER BY i.seq LIMIT $4`,
      [project.id, filters.minAgreement ?? null, after, BATCH],
    );
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.seq;
    const ids = batch.map((i) => i.id);
    const [{ rows: completionRows }, { rows: answerRows }] = await Promise.all([
      pool().query<{
        id: string;
        item_id: string;
        text: string;
        model: string | null;
        position: number | null;
        annotation_id: string | null;
        edited_from_id: string | null;
      }>(
        `SELECT id, item_id, text, model, position, annotation_id, edited_from_id FROM completions
          WHERE item_id = ANY($1) ORDER BY item_id, position NULLS LAST, created_at, id`,
        [ids],
      ),
      pool().query<{
        id: string;
        item_id: string;
        labeler_id: string;
        created_at: Date;
        text: string | null;
        ranking: string[][] | null;
        strength: number | null;
        tie_quality: string | null;
        ratings: Record<string, number> | null;
        flags: Record<string, string[]> | null;
        comment: string | null;
        time_spent_ms: number | null;
        display_order: string[];
        guideline_version: number;
      }>(
        `SELECT id, item_id, labeler_id, created_at, text, ranking, strength, tie_quality, ratings, flags, comment,
                time_spent_ms, display_order, guideline_version
           FROM annotations
          WHERE item_id = ANY($1) AND ($2::timestamptz IS NULL OR created_at >= $2)
            AND ($3::timestamptz IS NULL OR created_at < $3) AND ($4::uuid[] IS NULL OR labeler_id = ANY($4))
          ORDER BY created_at, id`,
        [ids, from, to, labelers],
      ),
    ]);
    const completionsOf = groupBy(completionRows);
    const answersOf = groupBy(answerRows);
    for (const item of batch) {
      itemsDone += 1;
      const answers = answersOf.get(item.id) ?? [];
      if (answers.length === 0 || answers.length < (filters.minAnnotations ?? 1)) continue;
      if (filters.excludeFlagged && answers.some((a) => Object.values(a.flags ?? {}).some((list) => list.length)))
        continue;
      const own = completionsOf.get(item.id) ?? [];
      const rewriteOf = new Map(own.filter((c) => c.annotation_id).map((c) => [c.annotation_id!, c]));
      const exportItem: ExportItem = {
        externalId: item.external_id,
        agreement: item.agreement,
        messages: item.messages,
        completions: new Map(
          own.filter((c) => c.position !== null).map((c) => [c.id, { text: c.text, model: c.model }]),
        ),
        annotations: answers.map((a): ExportAnnotation => {
          versions.add(a.guideline_version);
          const rewrite = rewriteOf.get(a.id);
          return {
            id: a.id,
            labeler: nameOf(a.labeler_id),
            createdAt: a.created_at,
            text: a.text,
            ranking: a.ranking,
            strength: a.strength,
            tie: a.tie_quality,
            ratings: a.ratings,
            flags: a.flags,
            comment: a.comment,
            timeSpentMs: a.time_spent_ms,
            displayOrder: a.display_order,
            guidelineVersion: a.guideline_version,
            rewrite: rewrite ? { editedFrom: rewrite.edited_from_id ?? "", text: rewrite.text } : null,
          };
        }),
      };
      const lines = exportLines(format, exportItem, { minLikert: filters.minLikert });
      items += 1;
      annotations += exportItem.annotations.length;
      if (item.agreement !== null) {
        measured.count += 1;
        measured.sum += item.agreement;
        measured.min = Math.min(measured.min, item.agreement);
      }
      const part = parts.get(filters.split ? splitPartOf(filters.split, item.messages) : "")!;
      part.items += 1;
      for (const line of lines) {
        const chunk = `${line}\n`;
        total.update(chunk);
        part.hash.update(chunk);
        part.rows += 1;
        rows += 1;
        if (part.sink && !part.sink.write(chunk)) await once(part.sink, "drain");
      }
    }
    onProgress?.({ itemsDone, itemsTotal: Math.max(itemsTotal, itemsDone), rows });
  }
  const split = filters.split
    ? Object.fromEntries(
        [...parts].map(([name, p]) => [
          name,
          { share: p.share, items: p.items, rows: p.rows, sha256: p.hash.digest("hex") },
        ]),
      )
    : null;
  return {
    project: slug,
    format,
    filters: filtersRecord(filters),
    rows,
    sha256: total.digest("hex"),
    items,
    annotations,
    agreement: {
      itemsMeasured: measured.count,
      mean: measured.count ? measured.sum / measured.count : null,
      min: measured.count ? measured.min : null,
    },
    guidelineVersions: [...versions].sort((a, b) => a - b),
    split,
    createdAt: new Date().toISOString(),
  };
}
