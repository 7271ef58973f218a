import "server-only";
import { createHash } from "node:crypto";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { conversationFilterProblem } from "@/lib/domain/export/conversation-rows";
import { keepsItem, labelersMeetingAgreement, type ExportFilters } from "@/lib/domain/export/filters";
import { exportFormatsFor, type ExportFormat } from "@/lib/domain/export/formats";
import { ManifestAccumulator, type ExportManifest } from "@/lib/domain/export/manifest";
import type { ProjectKind } from "@/lib/domain/project-kinds";
import { exportRows, type ExportAnnotation, type ExportItem } from "@/lib/domain/export/rows";
import { judgeAnswer, verdictSource } from "@/lib/domain/export/judge-rows";
import { wantsSource } from "@/lib/domain/export/sources";
import { withReviewDefault } from "@/lib/server/export/review-filter";
import { labelerCounts } from "@/lib/server/agreement/project-agreement";
import { pool } from "@/lib/server/db/client";
import {
  countExportItems,
  exportAnswers,
  exportCompletions,
  exportItemBatch,
} from "@/lib/server/export/export-queries";
import { streamConversationExport } from "@/lib/server/export/conversation-export";
import { feedbackEventsTotal, streamFeedbackRows } from "@/lib/server/export/feedback-export";
import { exportVerdicts, hasFeedbackEvents } from "@/lib/server/export/provenance-queries";
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
  // A demonstration project that received feedback exports its ratings and pairs too.
  const feedback =
    project.kind === "demonstration" &&
    !exportFormatsFor(project.kind).includes(format) &&
    (await hasFeedbackEvents(pool(), project.id));
  const allowed = exportFormatsFor(project.kind, { feedback });
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
  return streamProjectExport({ project, format, out, filters: await withReviewDefault(project, filters), onProgress });
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

  // Judge verdicts label comparisons and rankings (docs/EXPORTS.md "Rows from judges").
  const judged =
    project.kind !== "demonstration" &&
    (wantsSource(filters.sources, "judge") || wantsSource(filters.sources, "judge+audited"));
  const wantsHuman = wantsSource(filters.sources, "human");
  const itemFilter = { projectId: project.id, minAgreement: filters.minAgreement ?? null, judged };
  const [itemCount, eventCount] = await Promise.all([
    countExportItems(pool(), itemFilter),
    feedbackEventsTotal(project.id, filters),
  ]);
  const itemsTotal = itemCount + eventCount;

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
    const window = { from: instant(filters.from), to: instant(filters.to) };
    const [completionRows, answerRows, verdictRows] = await Promise.all([
      exportCompletions(pool(), ids),
      // Read as JavaScript reads them (a date alone is UTC midnight), whatever the session's time zone.
      exportAnswers(pool(), ids, { ...window, labelers, review: filters.review }),
      judged ? exportVerdicts(pool(), project.id, ids, window) : [],
    ]);
    const completionsOf = groupBy(completionRows);
    const answersOf = groupBy(answerRows);
    const verdictOf = new Map(verdictRows.map((v) => [v.itemId, v]));
    for (const item of batch) {
      itemsDone += 1;
      const kept = answersOf.get(item.id) ?? [];
      // The item filters decide on labelers' answers; an item none answered has only its verdict.
      if (item.answered && !keepsItem(kept, filters)) continue;
      const answers = wantsHuman ? kept : [];
      const verdict = verdictOf.get(item.id);
      const verdictFrom = verdict ? verdictSource(verdict.ranking, verdict.humanRankings) : null;
      const judge =
        verdict && verdictFrom && wantsSource(filters.sources, verdictFrom) ? judgeAnswer(verdict, verdictFrom) : null;
      if (answers.length === 0 && !judge) continue;
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
      if (judge) exportItem.annotations.push(judge);
      const rows = exportRows(format, exportItem, { minLikert: filters.minLikert });
      const part = manifest.addItem(
        {
          messages: item.messages,
          agreement: item.agreement,
          guidelineVersions: answers.map((a) => a.guidelineVersion),
        },
        answers.length,
      );
      const sink = sinks.get(part) ?? null;
      for (const row of rows) {
        const chunk = `${row.line}\n`;
        manifest.addRow(part, chunk, row.source, row.label);
        if (sink && !sink.write(chunk)) await once(sink, "drain");
      }
    }
    onProgress?.({ itemsDone, itemsTotal: Math.max(itemsTotal, itemsDone), rows: manifest.rowCount });
  }
  // Then the project's production feedback (docs/EXPORTS.md "Rows from feedback").
  const itemsVisited = itemsDone;
  await streamFeedbackRows({
    projectId: project.id,
    format,
    filters,
    manifest,
    sinks,
    pseudonym,
    onBatch: (events) => {
      itemsDone = itemsVisited + events;
      onProgress?.({ itemsDone, itemsTotal: Math.max(itemsTotal, itemsDone), rows: manifest.rowCount });
    },
  });
  return manifest.finish();
}
