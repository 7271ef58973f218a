import { z } from "zod";
import { IMPORT_FORMAT_CHOICE_NAMES } from "@/lib/domain/import/import-formats";

/** A format name, or "auto" (the default) to read it off the file's first line. */
export const importFormatSchema = z
  .enum(IMPORT_FORMAT_CHOICE_NAMES, { error: `format must be one of ${IMPORT_FORMAT_CHOICE_NAMES.join(", ")}` })
  .default("auto");

const flag = z
  .enum(["true", "false", "1", "0"])
  .default("false")
  .transform((v) => v === "true" || v === "1");

/** The API's import query: the JSONL file itself is the request body. */
export const importQuerySchema = z.object({ format: importFormatSchema, skipInvalid: flag });

const maxLineBytes = "the line limit must be a positive number of bytes";

/** The CLI's import of a file on this machine (flags in camelCase), with the API's format list. */
export const importFileSchema = z
  .object({
    format: importFormatSchema,
    skipInvalid: z.boolean().default(false),
    /** Self-Instruct: a folder of <model>_predictions.jsonl files to join with the instructions. */
    predictions: z.string().optional(),
    /** Self-Instruct: "a,b" -> only these models (two make pairwise items). */
    models: z
      .string()
      .transform((list) =>
        list
          .split(",")
          .map((m) => m.trim())
          .filter(Boolean),
      )
      .optional(),
    maxLineBytes: z.coerce.number({ error: maxLineBytes }).positive(maxLineBytes).optional(),
  })
  .strict();
