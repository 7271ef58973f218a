import "server-only";
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { detectFormat, findUnstorableText, parseLine } from "@/lib/domain/import/formats";
import { nestsDeeperThan, tooDeepReason } from "@/lib/domain/import/json-depth";
import { joinPredictions, modelFromPredictionFile } from "@/lib/domain/import/self-instruct";
import type { ImportFormat } from "@/lib/domain/import/import-formats";
import { refuse } from "@/lib/domain/import/types";
import type { ImportEntry } from "@/lib/server/import/import-items";
import { DEFAULT_MAX_LINE_BYTES, readLines, type RawLine } from "@/lib/server/import/line-reader";

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  // Before parsing: what comes after the parse walks the value recursively.
  if (nestsDeeperThan(text)) return { ok: false, reason: tooDeepReason() };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `malformed JSON (${(error as Error).message})` };
  }
  const unstorable = findUnstorableText(value);
  return unstorable ? { ok: false, reason: unstorable } : { ok: true, value };
}

/**
 * A JSONL stream in one format; with "auto", the format is read off the first JSON object
 * and then held for the whole file. `detected()` tells which format was used.
 */
export function jsonlEntries(
  stream: Readable | AsyncIterable<Uint8Array>,
  format: ImportFormat | "auto",
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
) {
  let chosen: ImportFormat | null = format === "auto" ? null : format;
  async function* entries(): AsyncGenerator<ImportEntry> {
    for await (const raw of readLines(stream, maxLineBytes)) {
      if ("error" in raw) {
        yield { line: raw.number, result: refuse(raw.error) };
        continue;
      }
      const json = parseJson(raw.text);
      if (!json.ok) {
        yield { line: raw.number, result: refuse(json.reason) };
        continue;
      }
      if (!chosen) {
        chosen = detectFormat(json.value);
        if (!chosen) {
          yield { line: raw.number, result: refuse("cannot tell the format from this line; choose one with --format") };
          continue;
        }
      }
      yield { line: raw.number, result: parseLine(chosen, json.value) };
    }
  }
  return { entries: entries(), detected: () => chosen };
}

/**
 * Self-Instruct's user-oriented instructions joined, line by line, with the predictions of
 * several models: ranking items (all models) or pairwise items (two). The files are read in
 * step, one line of each at a time.
 */
export function selfInstructJoinEntries(
  instructionsFile: string,
  predictionFiles: string[],
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
) {
  async function* entries(): AsyncGenerator<ImportEntry> {
    const main = readLines(createReadStream(instructionsFile), maxLineBytes);
    const others = predictionFiles.map((file) => ({
      model: modelFromPredictionFile(file),
      lines: readLines(createReadStream(file), maxLineBytes),
    }));
    for (;;) {
      const next = await main.next();
      const predicted = await Promise.all(others.map(async (o) => ({ model: o.model, next: await o.lines.next() })));
      if (next.done) {
        const extra = predicted.find((p) => !p.next.done);
        if (extra)
          yield {
            line: (extra.next.value as RawLine).number,
            result: refuse(`${extra.model}: more lines than the instructions file`),
          };
        return;
      }
      const raw = next.value;
      if ("error" in raw) {
        yield { line: raw.number, result: refuse(raw.error) };
        continue;
      }
      const task = parseJson(raw.text);
      if (!task.ok) {
        yield { line: raw.number, result: refuse(task.reason) };
        continue;
      }
      const values: { model: string; value: unknown }[] = [];
      let problem: string | null = null;
      for (const p of predicted) {
        if (p.next.done) problem ??= `${p.model}: fewer lines than the instructions file`;
        else if ("error" in p.next.value) problem ??= `${p.model}: ${p.next.value.error}`;
        else {
          const parsed = parseJson(p.next.value.text);
          if (parsed.ok) values.push({ model: p.model, value: parsed.value });
          else problem ??= `${p.model}: ${parsed.reason}`;
        }
      }
      yield { line: raw.number, result: problem ? refuse(problem) : joinPredictions(task.value, values) };
    }
  }
  return { entries: entries(), detected: (): ImportFormat => "self-instruct" };
}
