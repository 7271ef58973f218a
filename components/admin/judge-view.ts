// The Judges tab's reading of the judges API (docs/JUDGES.md): checked, since the page only
// trusts what it checked.
import { z } from "zod";

export const runSchema = z.object({
  id: z.string(),
  status: z.enum(["queued", "running", "completed", "failed", "cancelled"]),
  promptVersion: z.number(),
  items: z.number(),
  done: z.number(),
  failed: z.number(),
  unparsed: z.number(),
  consistent: z.number(),
  inconsistent: z.number(),
  unsure: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type RunView = z.infer<typeof runSchema>;

export const judgeSchema = z.object({
  name: z.string(),
  provenance: z.string(),
  model: z.object({ id: z.string(), name: z.string() }),
  promptVersion: z.number(),
  auditRate: z.number(),
  routing: z.boolean(),
  lastRun: runSchema.nullable(),
  counts: z.object({
    items: z.number(),
    consistent: z.number(),
    inconsistent: z.number(),
    unsure: z.number(),
    unparsed: z.number(),
  }),
});
export type JudgeView = z.infer<typeof judgeSchema>;

export const judgeDetailSchema = judgeSchema.extend({
  prompt: z.string(),
  versions: z.array(z.object({ version: z.number(), createdAt: z.string(), body: z.string() })),
});

const ranking = z.array(z.array(z.string())).nullable();

export const runDetailSchema = z.object({
  run: runSchema,
  items: z.array(
    z.object({
      itemId: z.string(),
      externalId: z.string().nullable(),
      number: z.number().nullable(),
      completions: z.array(z.object({ id: z.string(), model: z.string().nullable() })),
      annotation: z.object({ ranking, consistent: z.boolean(), unsure: z.boolean() }).nullable(),
      orders: z.array(
        z.object({
          swap: z.number(),
          displayOrder: z.array(z.string()),
          ranking,
          unsure: z.boolean(),
          raw: z.string().nullable(),
          parseError: z.string().nullable(),
          error: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

export const isLiveRun = (run: RunView | null) => run !== null && (run.status === "queued" || run.status === "running");

/** An error answer's message, or a generic one. */
export async function answerError(response: Response | null): Promise<string> {
  if (!response) return "The server did not answer: try again.";
  const body = (await response.json().catch(() => null)) as {
    error?: { message?: string; details?: { message?: string }[] };
  } | null;
  const first = Array.isArray(body?.error?.details) ? body.error.details[0]?.message : undefined;
  return first ?? body?.error?.message ?? `The server answered ${response.status}.`;
}
