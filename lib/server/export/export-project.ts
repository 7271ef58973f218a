import "server-only";
import { createHash } from "node:crypto";
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { ChatMessage } from "@/lib/domain/content-hash";
import { exportLines, type ExportAnnotation, type ExportFormat, type ExportItem } from "@/lib/domain/export/rows";

export interface ExportFilters {
  /** Only items whose labelers' pairwise agreement reaches this (items with one ranking are left out). */
  minAgreement?: number;
  /** best-of-n: the winner's mean Likert score must reach this. */
  minLikert?: number;
}
import { pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";

export interface ExportManifest {
  project: string;
  format: ExportFormat;
  filters: Record<string, unknown>;
  rows: number;
  sha256: string;
  items: number;
  annotations: number;
  guidelineVersions: number[];
  createdAt: string;
}

const BATCH = 500;

/** Same labeler, same id within a project; no way back to the account from the file. */
function pseudonym(projectId: string, labelerId: string): string {
  return `l_${createHash("sha256").update(`${projectId}:${labelerId}`).digest("hex").slice(0, 12)}`;
}

/**
 * Streams a project's answers as JSONL in one format, in arrival order of items and
 * creation order of answers, a batch of items at a time (memory stays flat), hashing what
 * it writes. The same data and options give a byte-identical file.
 */
export async function exportProject(
  slug: string,
  format: ExportFormat,
  out: Writable,
  filters: ExportFilters = {},
): Promise<ExportManifest> {
  const { rows: projects } = await pool().query<{ id: string }>("SELECT id FROM projects WHERE slug = $1", [slug]);
  const project = projects[0];
  if (!project) throw new AppError("not_found", `no project with slug ${slug}`);
  const hash = createHash("sha256");
  let rows = 0;
  let items = 0;
  let annotations = 0;
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
        WHERE i.project_id = $1 AND i.seq > $2 AND EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id)
          AND ($4::float8 IS NULL OR i.agreement >= $4)
        ORDER BY i.seq LIMIT $3`,
      [project.id, after, BATCH, filters.minAgreement ?? null],
    );
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.seq;
    const ids = batch.map((i) => i.id);
    const [{ rows: completions }, { rows: answers }] = await Promise.all([
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
           FROM annotations WHERE item_id = ANY($1) ORDER BY created_at, id`,
        [ids],
      ),
    ]);
    for (const item of batch) {
      const own = completions.filter((c) => c.item_id === item.id);
      const exportItem: ExportItem = {
        externalId: item.external_id,
        agreement: item.agreement,
        messages: item.messages,
        completions: new Map(
          own.filter((c) => c.position !== null).map((c) => [c.id, { text: c.text, model: c.model }]),
        ),
        annotations: answers
          .filter((a) => a.item_id === item.id)
          .map((a): ExportAnnotation => {
            versions.add(a.guideline_version);
            const rewrite = own.find((c) => c.annotation_id === a.id);
            return {
              id: a.id,
              labeler: pseudonym(project.id, a.labeler_id),
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
      items += 1;
      annotations += exportItem.annotations.length;
      for (const line of exportLines(format, exportItem, { minLikert: filters.minLikert })) {
        const chunk = `${line}\n`;
        hash.update(chunk);
        rows += 1;
        if (!out.write(chunk)) await once(out, "drain");
      }
    }
  }
  return {
    project: slug,
    format,
    filters: { ...filters },
    rows,
    sha256: hash.digest("hex"),
    items,
    annotations,
    guidelineVersions: [...versions].sort((a, b) => a - b),
    createdAt: new Date().toISOString(),
  };
}
