import { z } from "zod";
import { reviewFilterSchema } from "@/lib/validation/reviews";
import { EXPORT_FORMAT_NAMES } from "@/lib/domain/export/formats";
import { parseSources, type RowSource } from "@/lib/domain/export/sources";
import { MAX_SPLIT_LENGTH, parseSplit, type SplitPart } from "@/lib/domain/export/split-parts";

const instant = z
  .string()
  .trim()
  .refine(
    (value) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value)),
    "must be a date or an ISO 8601 instant (2026-11-01 or 2026-11-01T12:00:00Z)",
  );

const flag = z.union([
  z.boolean(),
  z.enum(["true", "false", "1", "0", ""]).transform((v) => v === "true" || v === "1"),
]);

/** Export options as the API's query string and the CLI's flags give them (names in camelCase). */
export const exportOptionsSchema = z
  .object({
    format: z.enum(EXPORT_FORMAT_NAMES, { error: `format must be one of ${EXPORT_FORMAT_NAMES.join(", ")}` }),
    minAgreement: z.coerce.number().min(0).max(1).optional(),
    minLikert: z.coerce.number().min(1).max(7).optional(),
    minAnnotations: z.coerce.number().int().min(1).max(100).optional(),
    excludeFlagged: flag.optional(),
    minLabelerAgreement: z.coerce.number().min(0).max(1).optional(),
    from: instant.optional(),
    to: instant.optional(),
    split: z
      .string()
      // Aborts: neither the parse nor the checks on the parts below see a refused text.
      .max(MAX_SPLIT_LENGTH, {
        message: `split is longer than ${MAX_SPLIT_LENGTH.toLocaleString("en")} characters`,
        abort: true,
      })
      .transform((spec, ctx): SplitPart[] => {
        try {
          return parseSplit(spec);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
    /** `human,judge`: only rows whose label came from these sources (default: every source). */
    sources: z
      .string()
      .max(200, { message: "sources is longer than 200 characters", abort: true })
      .transform((spec, ctx): RowSource[] => {
        try {
          return parseSources(spec);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
    /** Demonstrations: which reviewed ones go in (docs/EXPORTS.md, "Reviewed demonstrations"). */
    review: reviewFilterSchema.optional(),
    /** API: which split part to stream (the manifest still counts every part). */
    part: z.string().optional(),
    /** API: the id to give the export's record, so that a browser download can be followed by it. */
    exportId: z.uuid().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.from && value.to && Date.parse(value.from) >= Date.parse(value.to))
      ctx.addIssue({ code: "custom", path: ["to"], message: "to must be after from" });
    if (value.part !== undefined && !value.split?.some((p) => p.name === value.part))
      ctx.addIssue({
        code: "custom",
        path: ["part"],
        message: value.split ? `part must be one of ${value.split.map((p) => p.name).join(", ")}` : "part needs split",
      });
  });
export type ExportOptions = z.infer<typeof exportOptionsSchema>;

/** The filters of parsed options, undefined ones left out (they are recorded as given). */
export function exportFiltersOf(options: ExportOptions) {
  const { format: _format, part: _part, exportId: _exportId, ...filters } = options;
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Omit<
    ExportOptions,
    "format" | "part" | "exportId"
  >;
}
