import "server-only";
import { hourlyRateSchema } from "@/lib/validation/overlap-cost";
import { programSettingsInputSchema } from "@/lib/validation/program-settings";
import { qualitySettingsInputSchema } from "@/lib/validation/quality";
import { reviewSettingsSchema } from "@/lib/validation/reviews";
import {
  assertAdaptiveKind,
  overlapInputFor,
  overlapSettings,
  updateHourlyRate,
  updateOverlapSettings,
} from "@/lib/server/quality/overlap-settings";
import { qualitySettings, updateQualitySettings } from "@/lib/server/quality/quality-settings";
import { assertReviewable, reviewSettings, updateReviewSettings } from "@/lib/server/reviews/review-settings";
import { requireProject } from "@/lib/server/projects/require-project";

// The quality program's settings as one object (docs/API.md "quality/settings"): the groups
// keep their own use cases, audits and routes (overlap, cost, reviews/settings); this reads
// and writes them together, so that a script sets up a project in one request.

const OVERLAP_KEYS = ["overlapMin", "overlapMax", "overlapThreshold", "overlapConfidence"] as const;

export async function programSettings(slug: string) {
  const [quality, overlap, review] = await Promise.all([
    qualitySettings(slug),
    overlapSettings(slug),
    reviewSettings(slug),
  ]);
  return { ...quality, ...overlap, ...review };
}

/**
 * Changes the settings given, every group checked first so that a refused value changes
 * nothing. A lone overlapMax keeps the current minimum (as `project set` does).
 */
export async function updateProgramSettings(slug: string, input: unknown, actorId: string | null) {
  const data = programSettingsInputSchema.parse(input);
  const { overlapMin, overlapMax, overlapThreshold, overlapConfidence, hourlyRate, reviewRate, ...rest } = data;
  const quality = qualitySettingsInputSchema.parse(rest);
  const overlap = OVERLAP_KEYS.some((key) => data[key] !== undefined)
    ? await overlapInputFor(slug, { overlapMin, overlapMax, overlapThreshold, overlapConfidence })
    : null;
  const rate = hourlyRate !== undefined ? hourlyRateSchema.parse({ hourlyRate }) : null;
  const review = reviewRate !== undefined ? reviewSettingsSchema.parse({ reviewRate }) : null;
  // The kind checks of the groups' use cases, before any of them writes.
  const { kind } = await requireProject(slug);
  if (overlap) assertAdaptiveKind(kind, overlap.overlapMin);
  if (review) assertReviewable(kind, review.reviewRate);

  const notices: string[] = [];
  if (Object.keys(quality).length > 0) {
    const saved = await updateQualitySettings(slug, quality, actorId);
    if ("notice" in saved && saved.notice) notices.push(saved.notice);
  }
  const reopened = overlap ? (await updateOverlapSettings({ slug, input: overlap, actorId })).reopened : undefined;
  if (rate) await updateHourlyRate({ slug, input: rate, actorId });
  if (review) await updateReviewSettings(slug, review, actorId);
  const after = await programSettings(slug);
  return {
    ...after,
    ...(reopened !== undefined ? { reopened } : {}),
    ...(notices.length ? { notice: notices.join(" ") } : {}),
  };
}
