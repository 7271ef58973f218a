import "server-only";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { z } from "zod";
import { krippendorffAlpha, type AlphaResult, type Level, type Rating } from "@/lib/domain/agreement/krippendorff";
import { AppError } from "@/lib/server/errors";
import { readLines } from "@/lib/server/import/line-reader";

const ratingLine = z.object({
  unit: z.union([z.string().min(1), z.number()]),
  coder: z.union([z.string().min(1), z.number()]),
  value: z.union([z.string(), z.number(), z.null()]),
});

/** Krippendorff's alpha of a JSONL file of {"unit", "coder", "value"} lines (null: missing). */
export async function agreementOfFile(file: string, level: Level): Promise<AlphaResult> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new AppError("bad_request", `cannot read ${file}`);
  const ratings: Rating[] = [];
  const problems: string[] = [];
  for await (const raw of readLines(createReadStream(file))) {
    if ("error" in raw) {
      problems.push(`line ${raw.number}: ${raw.error}`);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw.text);
    } catch {
      problems.push(`line ${raw.number}: malformed JSON`);
      continue;
    }
    const parsed = ratingLine.safeParse(value);
    if (!parsed.success) {
      problems.push(`line ${raw.number}: expected {"unit", "coder", "value"}`);
      continue;
    }
    if (parsed.data.value === null) continue;
    ratings.push({ unit: String(parsed.data.unit), coder: String(parsed.data.coder), value: parsed.data.value });
  }
  if (problems.length) throw new AppError("bad_request", problems.slice(0, 20).join("\n"));
  try {
    return krippendorffAlpha(ratings, level);
  } catch (error) {
    throw new AppError("bad_request", (error as Error).message);
  }
}
