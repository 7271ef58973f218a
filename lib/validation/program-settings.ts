import { z } from "zod";
import { qualitySettingsInputSchema } from "@/lib/validation/quality";

// Every setting of the labeler quality program in one body (PUT /api/projects/{slug}/quality/settings,
// docs/API.md): qualification, training and attention checks, adaptive overlap, the hourly
// rate and peer review. Each group is checked again by its own schema before anything changes.
export const programSettingsInputSchema = qualitySettingsInputSchema.extend({
  overlapMin: z.unknown().optional(),
  overlapMax: z.unknown().optional(),
  overlapThreshold: z.unknown().optional(),
  overlapConfidence: z.unknown().optional(),
  hourlyRate: z.unknown().optional(),
  reviewRate: z.unknown().optional(),
});
export type ProgramSettingsInput = z.infer<typeof programSettingsInputSchema>;
