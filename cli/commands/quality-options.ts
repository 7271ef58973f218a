// `project set`'s options for the labeler quality program (issue 16, docs/QUALITY.md), kept
// here so that project.ts only spreads them in. Values go through the API's zod schema.
import { UsageError } from "@/cli/args";
import { qualitySettingsInputSchema, type QualitySettingsInput } from "@/lib/validation/quality";

export const QUALITY_OPTIONS = {
  "qualification-required": {
    type: "string",
    value: "true|false",
    help: "labelers pass a qualification on gold items before real tasks",
  },
  "qualification-threshold": { type: "string", value: "X", help: "pass mark: pairwise agreement with gold, 0 to 1" },
  "qualification-retry-hours": {
    type: "string",
    value: "H|none",
    help: "hours a failed labeler waits before trying again (none: no retry)",
  },
  "training-items": { type: "string", value: "N", help: "a labeler's first N answers get feedback (0: none)" },
  "attention-rate": { type: "string", value: "X", help: "share of served tasks that are attention checks, 0 to 1" },
  "attention-window": { type: "string", value: "M", help: "attention checks the accuracy is measured over" },
  "attention-threshold": {
    type: "string",
    value: "X",
    help: "below this accuracy over the last M checks a labeler is paused, 0 to 1",
  },
} as const;

type QualityFlag = keyof typeof QUALITY_OPTIONS;
const FIELD: Record<QualityFlag, keyof QualitySettingsInput> = {
  "qualification-required": "qualificationRequired",
  "qualification-threshold": "qualificationThreshold",
  "qualification-retry-hours": "qualificationRetryHours",
  "training-items": "trainingItems",
  "attention-rate": "attentionRate",
  "attention-window": "attentionWindow",
  "attention-threshold": "attentionThreshold",
};

/** The quality flags given, and every other option as it was. */
export function splitQualityOptions<T extends Record<string, unknown>>(values: T) {
  const quality: Partial<Record<QualityFlag, string>> = {};
  const others: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key in QUALITY_OPTIONS) {
      if (value !== undefined) quality[key as QualityFlag] = value as string;
    } else others[key] = value;
  }
  return { quality, others: others as Omit<T, QualityFlag> };
}

/** The flags as the API's body, parsed by its schema (a ZodError names the field: exit 2). */
export function qualityInput(flags: Partial<Record<QualityFlag, string>>): QualitySettingsInput {
  const body: Record<string, unknown> = {};
  for (const [flag, raw] of Object.entries(flags) as [QualityFlag, string][]) {
    if (flag === "qualification-required") {
      if (!["true", "false", "on", "off", "1", "0"].includes(raw)) throw new UsageError(`--${flag}: true or false`);
      body[FIELD[flag]] = ["true", "on", "1"].includes(raw);
    } else if (flag === "qualification-retry-hours" && raw === "none") body[FIELD[flag]] = null;
    else body[FIELD[flag]] = raw;
  }
  return qualitySettingsInputSchema.parse(body);
}
