import "server-only";
import { createHash } from "node:crypto";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { conversationFilterProblem } from "@/lib/domain/export/conversation-rows";
import { keepsItem, labelersMeetingAgreement, type ExportFilters } from "@/lib/domain/export/filters";
import { exportFormatsFor, type ExportFormat } from "@/lib/domain/export/formats";
import { ManifestAccumulator, type ExportManifest } from "@/lib/domain/export/manifest";
import type { ProjectKind } from "@/lib/domain/project-kinds";
import { exportLines, type ExportAnnotation, type ExportItem } from "@/lib/domain/export/rows";
import { labelerCounts } from "@/lib/server/agreement/project-agreement";
import { pool } from "@/lib/server/db/client";
import {
  countExportItems,
  exportAnswers,
  exportCompletions,
  exportItemBatch,
} from "@/lib/server/export/export-queries";
import { streamConversationExport } from "@/lib/server/export/conversation-export";
import { AppError } from "@/lib/server/errors";
import { requireProject } from "@/lib/server/projects/require-project";

export interface ExportProgress {
  itemsDone: number;
  itemsTotal: number;
  rows: number;
}

/** Where rows go: one stream, or one per split part (null: count the part but do not write it). */
export type ExportSink = Writable | ((part: string) => Writable | null);

/** The project an export reads, looked up once per export. */
export interface ExportedProject {
  id: string;
  slug: string;
  kind: ProjectKind;
}

export interface StreamExportOptions {
  project: ExportedProject;
  format: ExportFormat;
  out: ExportSink;
  filters: ExportFilters;
  /** Counts and hashes the rows; the caller may have made it already (recordedExport: for the filter record). */
  manifest?: ManifestAccumulator;
  onProgress?: (progress: ExportProgress) => void;
}

const BATCH = 1000;

const instant = (value: string | undefined) => (value === undefined ? null : new Date(value));

/**
 * The project of an export, refused when its kind does not allow the format
 * (lib/domain/export/formats.ts). Plain SQL, no Prisma client: an export from the CLI then
 * never loads the query engine, which alone would double the process's memory.
 */
export async function findExportedProject(
  slug: string,
  format: ExportFormat,
  filters: ExportFilters = {},
): Promise<ExportedProject> {
  const { id, kind } = await requireProject(slug);
  const project: ExportedProject = { id, slug, kind };
  const allowed = exportFormatsFor(project.kind);
  if (!allowed.includes(format))
    throw new AppError(
      "bad_request",
      `format ${format} does not apply to a ${project.kind} project; use one of ${allowed.join(", ")}`,
      { allowed },
    );
  const problem = project.kind === "conversation" ? conversationFilterProblem(filters) : null;
  if (problem) throw new AppError("bad_request", problem);
  return project;
}

/** Same labeler, same id within a project; no way back to the account from the file. */
function pseudonym(projectId: string, labelerId: string): string {
  return `l_${createHash("sha256").update(`${projectId}:${labelerId}`).digest("hex").slice(0, 12)}`;
}

function groupBy<T extends { itemId: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.itemId);
    if (list) list.push(row);
    else map.set(row.itemId, [row]);
  }
  return map;
}

/**
 * Exports a project without keeping a record of it (tests and callers that keep their own):
 * looks the project up, then streams as streamProjectExport does.
 */
export async function exportProject(
  slug: string,
  format: ExportFormat,
  out: ExportSink,
  filters: ExportFilters = {},
  onProgress?: (progress: ExportProgress) => void,
): Promise<ExportManifest> {
  const project = await findExportedProject(slug, format, filters);
  return streamProjectExport({ project, format, out, filters, onProgress });
}

/**
 * Streams a project's answers as JSONL in one format, in arrival order of items and
 * creation order of answers, a batch of items at a time (memory stays flat), hashing what
 * it writes. The same data and options give a byte-identical file. The database applies the
 * item agreement, date and labeler filters; lib/domain/export/filters.ts decides per item;
 * the manifest accumulator picks each item's split part.
 */
export async function streamProjectExport(options: StreamExportOptions): Promise<ExportManifest> {
  const { project, format, out, filters, onProgress } = options;
  if (project.kind === "conversation")
    return streamConversationExport(options, (labelerId) => pseudonym(project.id, labelerId));
  const manifest = options.manifest ?? new ManifestAccumulator(project.slug, format, filters);
  // The same numbers as the agreement report's "with others" column, from the stored stats.
  const labelers =
    filters.minLabelerAgreement === undefined
      ? null
      : labelersMeetingAgreement(await labelerCounts(project.id), filters.minLabelerAgreement);

  const itemFilter = { projectId: project.id, minAgreement: filters.minAgreement ?? null };
  const itemsTotal = await countExportItems(pool(), itemFilter);

  const sinkFor = typeof out === "function" ? out : () => out;
  const sinks = new Map(manifest.partNames().map((part) => [part, sinkFor(part)]));
  const names = new Map<string, string>();
  const nameOf = (labelerId: string) => {
    let name = names.get(labelerId);
    if (!name) {
      name = pseudonym(project.id, labelerId);
      names.set(labelerId, name);
    }
    return name;
  };
  let itemsDone = 0;
  let after = "0";
  for (;;) {
    const batch = await exportItemBatch(pool(), itemFilter, after, BATCH);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.seq;
    const ids = batch.map((i) => i.id);
    const [completionRows, answerRows] = await Promise.all([
      exportCompletions(pool(), ids),
      // Read as JavaScript reads them (a date alone is UTC midnight), whatever the session's time zone.
      exportAnswers(pool(), ids, { from: instant(filters.from), to: instant(filters.to), labelers }),
    ]);
    const completionsOf = groupBy(completionRows);
    const answersOf = groupBy(answerRows);
    for (const item of batch) {
      itemsDone += 1;
      const answers = answersOf.get(item.id) ?? [];
      if (!keepsItem(answers, filters)) continue;
      const own = completionsOf.get(item.id) ?? [];
      const rewriteOf = new Map(own.filter((c) => c.annotationId).map((c) => [c.annotationId!, c]));
      const exportItem: ExportItem = {
        externalId: item.externalId,
        agreement: item.agreement,
        messages: item.messages,
        tools: item.tools,
        completions: new Map(
          own.filter((c) => c.position !== null).map((c) => [c.id, { text: c.text, model: c.model }]),
        ),
        annotations: answers.map((a): ExportAnnotation => {
          const rewrite = rewriteOf.get(a.id);
          return {
            id: a.id,
            labeler: nameOf(a.labelerId),
            createdAt: a.createdAt,
            text: a.text,
            ranking: a.ranking,
            strength: a.strength,
            tie: a.tieQuality,
            ratings: a.ratings,
            flags: a.flags,
            comment: a.comment,
            timeSpentMs: a.timeSpentMs,
            displayOrder: a.displayOrder,
            guidelineVersion: a.guidelineVersion,
            rewrite: rewrite ? { editedFrom: rewrite.editedFromId ?? "", text: rewrite.text } : null,
          };
        }),
      };
      const lines = exportLines(format, exportItem, { minLikert: filters.minLikert });
      const part = manifest.addItem(
        {
          messages: item.messages,
          agreement: item.agreement,
          guidelineVersions: answers.map((a) => a.guidelineVersion),
        },
        answers.length,
      );
      const sink = sinks.get(part) ?? null;
      for (const line of lines) {
        const chunk = `${line}\n`;
        manifest.addRow(part, chunk);
        if (sink && !sink.write(chunk)) await once(sink, "drain");
      }
    }
    onProgress?.({ itemsDone, itemsTotal: Math.max(itemsTotal, itemsDone), rows: manifest.rowCount });
  }
  return manifest.finish();
}
