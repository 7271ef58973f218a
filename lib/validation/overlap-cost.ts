import { z } from "zod";
import { numberFrom } from "@/lib/validation/numbers";

// Issue 16 settings (docs/QUALITY.md): adaptive overlap and the hourly rate. The HTTP routes,
// the CLI (`project set`) and the Settings tab parse with these.

const bound = (name: string) =>
  numberFrom(
    z
      .number({ error: `${name} must be a whole number from 1 to 100` })
      .int(`${name} must be a whole number`)
      .min(1, `${name} must be at least 1`)
      .max(100, `${name} must be at most 100`),
  );

/** Blank form fields and null mean "off" (a fixed overlap). */
const blankAsNull = (value: unknown) => (value === "" || value === undefined ? null : value);

export const overlapSettingsSchema = z
  .object({
    overlapMin: z.preprocess(blankAsNull, bound("overlapMin").nullable()),
    overlapMax: z.preprocess(blankAsNull, bound("overlapMax").nullable()),
    /** Left out: unchanged. */
    overlapThreshold: numberFrom(
      z
        .number({ error: "overlapThreshold must be a number above 0 up to 1" })
        .gt(0, "overlapThreshold must be above 0")
        .max(1, "overlapThreshold must be at most 1"),
    ).optional(),
    /** The weighted rule's confidence; null: the winner-share rule; left out: unchanged. */
    overlapConfidence: z
      .preprocess(
        blankAsNull,
        numberFrom(
          z
            .number({ error: "overlapConfidence must be a number above 0.5 and below 1" })
            .gt(0.5, "overlapConfidence must be above 0.5")
            .lt(1, "overlapConfidence must be below 1")
            .nullable(),
        ),
      )
      .optional(),
  })
  .strict()
  .refine((s) => (s.overlapMin === null) === (s.overlapMax === null), {
    message: "overlapMin and overlapMax are set together (both empty: a fixed overlap)",
    path: ["overlapMax"],
  })
  .refine((s) => s.overlapMin === null || s.overlapMax === null || s.overlapMin <= s.overlapMax, {
    message: "overlapMax must be at least overlapMin",
    path: ["overlapMax"],
  });
export type OverlapSettingsInput = z.input<typeof overlapSettingsSchema>;

export const hourlyRateSchema = z
  .object({
    /** Per hour of active time, in any currency; null: not set (no cost shown). */
    hourlyRate: z.preprocess(
      blankAsNull,
      numberFrom(
        z
          .number({ error: "hourlyRate must be a number" })
          .min(0, "hourlyRate must be at least 0")
          .max(1_000_000, "hourlyRate must be at most 1,000,000")
          .nullable(),
      ),
    ),
  })
  .strict();
