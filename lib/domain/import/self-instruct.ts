// The Self-Instruct release (yizhongw/self-instruct): seed_tasks.jsonl and
// user_oriented_instructions.jsonl lines {"id", "instruction", "instances": [{"input",
// "output"}], ...}; predictions/<model>_predictions.jsonl hold one {"response", ...} per
// line of user_oriented_instructions.jsonl, in the same order.
import { z } from "zod";
import { refuse, type ImportedItem, type LineResult } from "@/lib/domain/import/types";

const instance = z.object({ input: z.string(), output: z.string() });
const taskLine = z.object({
  id: z.union([z.string().min(1), z.number()]),
  instruction: z.string().refine((s) => s.trim().length > 0, "is empty"),
  instances: z.array(instance).min(1),
  name: z.string().optional(),
  motivation_app: z.string().optional(),
  is_classification: z.boolean().optional(),
});
const predictionLine = z.object({ response: z.string(), instruction: z.string().optional() });

function promptOf(instruction: string, input: string): string {
  return input.trim() ? `${instruction.trim()}\n\n${input.trim()}` : instruction.trim();
}

/** A seed or user-oriented task alone: a demonstration prompt, its reference answer kept in metadata. */
export function seedTaskToItem(value: unknown): LineResult {
  const parsed = taskLine.safeParse(value);
  if (!parsed.success) {
    return refuse(parsed.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; "));
  }
  const task = parsed.data;
  const first = task.instances[0]!;
  const metadata: Record<string, unknown> = { source: "self-instruct", reference_output: first.output };
  if (task.name) metadata.name = task.name;
  if (task.motivation_app) metadata.motivation_app = task.motivation_app;
  if (task.is_classification !== undefined) metadata.is_classification = task.is_classification;
  const item: ImportedItem = {
    externalId: String(task.id),
    messages: [{ role: "user", content: promptOf(task.instruction, first.input) }],
    completions: [],
    metadata,
    priority: 0,
  };
  return { ok: true, item };
}

/** "text-davinci-003" from "predictions/text-davinci-003_predictions.jsonl". */
export function modelFromPredictionFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop()!;
  return base.replace(/_predictions\.jsonl$/, "").replace(/\.jsonl$/, "");
}

/**
 * A user-oriented task joined with the predictions of several models for the same line:
 * one ranking item (all models) or, with exactly two models, a pairwise item.
 */
export function joinPredictions(task: unknown, predictions: { model: string; value: unknown }[]): LineResult {
  const base = seedTaskToItem(task);
  if (!base.ok) return base;
  const completions: { text: string; model: string }[] = [];
  const empty: string[] = [];
  for (const { model, value } of predictions) {
    const parsed = predictionLine.safeParse(value);
    if (!parsed.success) return refuse(`${model}: expected {"response": text}`);
    const text = parsed.data.response.trim();
    // Some models answered nothing (the release has such lines): nothing to rank for them.
    if (text) completions.push({ text, model });
    else empty.push(model);
  }
  const models = predictions.map((p) => p.model);
  return {
    ok: true,
    item: {
      ...base.item,
      externalId: predictions.length === 2 ? `${base.item.externalId}:${models.join(":")}` : base.item.externalId,
      completions,
      metadata: empty.length ? { ...base.item.metadata, empty_responses: empty } : base.item.metadata,
    },
  };
}
