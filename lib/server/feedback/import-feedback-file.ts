import "server-only";
import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { AppError } from "@/lib/server/errors";
import { ingestFeedback } from "@/lib/server/feedback/ingest-feedback";
import { readLines } from "@/lib/server/import/line-reader";
import { nestsDeeperThan, tooDeepReason } from "@/lib/domain/import/json-depth";

/** Events per transaction: the HTTP benchmark's batch, well under the API's 1,000. */
export const FEEDBACK_IMPORT_BATCH = 500;

export interface FeedbackImportSummary {
  accepted: number;
  duplicates: number;
  errors: { line: number; reason: string }[];
}

/**
 * `feedback import`: a JSONL file of feedback events (the HTTP API's events, one per line),
 * streamed in batches through the same use case as POST /api/projects/{slug}/feedback, so each
 * batch is one transaction and memory stays flat whatever the file's size. A refused line
 * (bad JSON, a bad event, no consent) is reported with its line number; the others are stored.
 */
export async function importFeedbackFile(input: {
  slug: string;
  file: string;
  batchSize?: number;
}): Promise<FeedbackImportSummary> {
  await access(input.file).catch(() => {
    throw new AppError("not_found", `cannot read ${input.file}`);
  });
  const size = input.batchSize ?? FEEDBACK_IMPORT_BATCH;
  const summary: FeedbackImportSummary = { accepted: 0, duplicates: 0, errors: [] };
  let batch: { line: number; event: unknown }[] = [];
  let sent = false;
  const flush = async () => {
    const outcome = await ingestFeedback({ slug: input.slug, events: batch.map((b) => b.event) });
    sent = true;
    summary.accepted += outcome.accepted.length;
    summary.duplicates += outcome.duplicates.length;
    for (const r of outcome.refused) summary.errors.push({ line: batch[r.index]!.line, reason: r.reason });
    batch = [];
  };
  for await (const raw of readLines(createReadStream(input.file))) {
    if ("error" in raw) {
      summary.errors.push({ line: raw.number, reason: raw.error });
      continue;
    }
    if (nestsDeeperThan(raw.text)) {
      summary.errors.push({ line: raw.number, reason: tooDeepReason() });
      continue;
    }
    try {
      batch.push({ line: raw.number, event: JSON.parse(raw.text) });
    } catch (error) {
      summary.errors.push({ line: raw.number, reason: `malformed JSON (${(error as Error).message})` });
      continue;
    }
    if (batch.length >= size) await flush();
  }
  // An empty file still names a project that must exist and take feedback.
  if (batch.length > 0 || !sent) await flush();
  summary.errors.sort((a, b) => a.line - b.line);
  return summary;
}
