import "server-only";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { modelFromPredictionFile } from "@/lib/domain/import/self-instruct";
import type { ImportFormat } from "@/lib/domain/import/import-formats";
import { AppError } from "@/lib/server/errors";
import { importItems, type ImportOptions, type ImportSummary } from "@/lib/server/import/import-items";
import { jsonlEntries, selfInstructJoinEntries } from "@/lib/server/import/sources";

export interface ImportFileRequest {
  slug: string;
  file: string;
  format: ImportFormat | "auto";
  /** Self-Instruct: folder of <model>_predictions.jsonl files to join with the instructions. */
  predictions?: string;
  /** Self-Instruct: only these models (two make pairwise items). */
  models?: string[];
  maxLineBytes?: number;
}

async function predictionFiles(folder: string, models?: string[]): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => n.endsWith(".jsonl")).sort();
  } catch {
    throw new AppError("bad_request", `cannot read the predictions folder ${folder}`);
  }
  const files = names.map((n) => path.join(folder, n));
  if (!models) return files;
  const byModel = new Map(files.map((f) => [modelFromPredictionFile(f), f]));
  return models.map((model) => {
    const file = byModel.get(model);
    if (!file)
      throw new AppError(
        "bad_request",
        `no predictions for model ${model} in ${folder} (have: ${[...byModel.keys()].join(", ")})`,
      );
    return file;
  });
}

/** The CLI's import: a file on this machine, streamed. */
export async function importFile(
  actorId: string | null,
  request: ImportFileRequest,
  options: ImportOptions,
): Promise<ImportSummary> {
  const info = await stat(request.file).catch(() => null);
  if (!info?.isFile()) throw new AppError("bad_request", `cannot read ${request.file}`);
  if (request.predictions) {
    if (request.format !== "self-instruct" && request.format !== "auto") {
      throw new AppError("bad_request", "--predictions goes with --format self-instruct");
    }
    if (request.models && request.models.length < 2)
      throw new AppError("bad_request", "--models needs at least two models");
    const files = await predictionFiles(request.predictions, request.models);
    if (files.length < 2)
      throw new AppError("bad_request", `need at least two prediction files in ${request.predictions}`);
    const source = selfInstructJoinEntries(request.file, files, request.maxLineBytes);
    return importItems(actorId, request.slug, source.entries, options, source.detected);
  }
  const source = jsonlEntries(createReadStream(request.file), request.format, request.maxLineBytes);
  return importItems(actorId, request.slug, source.entries, options, source.detected);
}
