import { z } from "zod";
import { numberFrom } from "@/lib/validation/numbers";
import { storableText } from "@/lib/validation/text";
import { GOLD_ROLES } from "@/lib/domain/quality/standing";

// Labeler quality (issue 16, docs/QUALITY.md): the project's settings, an admin's override,
// a demonstration's grade, and a gold item's role. Shared by the API, the forms and the CLI.

// Messages without the field's name: the API's details and the CLI's `--flag:` name it.
// Numbers, and numbers written in decimal (the CLI's flags): numberFrom, never z.coerce (it read
// null, "", false and [] as 0, a pass mark everyone meets, and true as 1).
const share = () =>
  numberFrom(
    z.number({ error: "must be a number from 0 to 1" }).min(0, "must be from 0 to 1").max(1, "must be from 0 to 1"),
  );
const count = () => z.number({ error: "must be a whole number" }).int("must be a whole number");

/** Every field optional: what is left out keeps its value (PUT /api/projects/{slug}/quality/settings). */
export const qualitySettingsInputSchema = z
  .object({
    qualificationRequired: z.boolean().optional(),
    qualificationThreshold: share().optional(),
    /** Hours before a failed labeler may try again; null: never. */
    qualificationRetryHours: numberFrom(count().min(0, "at least 0").max(8760, "at most a year (8760 hours)"))
      .nullable()
      .optional(),
    trainingItems: numberFrom(count().min(0, "at least 0").max(1000, "at most 1000")).optional(),
    attentionRate: share().optional(),
    attentionWindow: numberFrom(count().min(1, "at least 1").max(1000, "at most 1000")).optional(),
    attentionThreshold: share().optional(),
  })
  .strict();
export type QualitySettingsInput = z.infer<typeof qualitySettingsInputSchema>;

export const standingOverrideSchema = z
  .object({
    action: z.enum(["pass", "fail", "unpause"]),
    reason: storableText().trim().min(1, "say why (it goes into the audit log)").max(1000),
  })
  .strict();

export const demonstrationGradeSchema = z.object({ annotationId: z.uuid(), accepted: z.boolean() }).strict();

export const goldRoleSchema = z.enum(GOLD_ROLES);
export const goldExplanationSchema = storableText().trim().max(5000, "explanation: at most 5000 characters");

/** A gold item as set from the item page, the CLI or the API: ids, not letters. */
export const goldItemInputSchema = z
  .object({
    best: z.uuid().nullable().optional(),
    ranking: z.array(z.array(z.uuid()).min(1)).max(9).nullable().optional(),
    flags: z
      .record(z.uuid(), z.array(z.string().max(40)).max(20))
      .nullable()
      .optional(),
    role: goldRoleSchema.nullable().optional(),
    explanation: goldExplanationSchema.nullable().optional(),
  })
  .strict();
export type GoldItemInput = z.infer<typeof goldItemInputSchema>;
