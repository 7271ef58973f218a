// Generation jobs (docs/MODELS.md, "Generation jobs"): the request the API, the CLI and the
// project page share. `models` are endpoint names (or ids); `items`, when given, are the
// items' external ids (the ids of the import file) and replace the default selection.
import { z } from "zod";
import { storableText } from "@/lib/validation/text";

export const MAX_JOB_MODELS = 16;
export const MAX_JOB_SAMPLES = 9;
export const MAX_JOB_ITEMS = 10_000;

const modelRef = z
  .string()
  .trim()
  .min(1, "a model is an endpoint's name or id")
  .max(63, "a model is an endpoint's name or id");

export const startGenerationSchema = z
  .object({
    models: z
      .array(modelRef)
      .min(1, "give at least one model (an endpoint's name)")
      .max(MAX_JOB_MODELS, `at most ${MAX_JOB_MODELS} models per job`)
      .refine((models) => new Set(models).size === models.length, "a model is listed twice"),
    samples: z.coerce
      .number()
      .int("samples must be a whole number")
      .min(1, `samples: 1 to ${MAX_JOB_SAMPLES}`)
      .max(MAX_JOB_SAMPLES, `samples: 1 to ${MAX_JOB_SAMPLES}`)
      .default(1),
    items: z
      .array(storableText().trim().min(1).max(200))
      .min(1, "an item list needs at least one item")
      .max(MAX_JOB_ITEMS, `at most ${MAX_JOB_ITEMS} items per list`)
      .optional(),
  })
  .strict();
export type StartGenerationInput = z.input<typeof startGenerationSchema>;

/** `--models a,b` as the CLI and a form field give it. */
export function splitModels(text: string): string[] {
  return text
    .split(",")
    .map((m) => m.trim())
    .filter((m) => m.length > 0);
}
