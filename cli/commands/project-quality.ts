// project cost | project overlap, and the quality options of `project set` (issue 16, docs/QUALITY.md)
import { UsageError } from "@/cli/args";
import { defineCommand } from "@/cli/command";
import { hourlyRateSchema } from "@/lib/validation/overlap-cost";

const slug = { type: "string", value: "S", required: true, help: "the project's slug" } as const;

/** `project set`'s options for adaptive overlap and the hourly rate. */
export const overlapCostOptions = {
  "overlap-min": {
    type: "string",
    value: "N|off",
    help: "comparison and ranking projects: labelers an item starts with under adaptive overlap (off: a fixed overlap)",
  },
  "overlap-max": { type: "string", value: "N|off", help: "labelers an item may reach under adaptive overlap" },
  "overlap-threshold": {
    type: "string",
    value: "X",
    help: "winner share at which an item settles, above 0 up to 1 (default 0.75)",
  },
  "overlap-confidence": {
    type: "string",
    value: "X|off",
    help: "the weighted rule: settle once the leader's posterior, answers weighted by gold accuracy, reaches X (0.5 to 1, exclusive; 0.9 suggested; off: the winner share)",
  },
  "hourly-rate": { type: "string", value: "X|off", help: "cost per hour of active labeling time, any currency" },
} as const;

const offAsNull = (value: string | undefined) => (value === "off" || value === "none" ? null : value);

/**
 * Applies the quality options given (options left out keep their value: a lone --overlap-max
 * keeps the current minimum). Returns the fields for `project set`'s output, {} when none was given.
 */
export async function applyOverlapCostOptions(
  projectSlug: string,
  o: {
    "overlap-min"?: string;
    "overlap-max"?: string;
    "overlap-threshold"?: string;
    "overlap-confidence"?: string;
    "hourly-rate"?: string;
  },
): Promise<Record<string, unknown>> {
  const overlapGiven = [o["overlap-min"], o["overlap-max"], o["overlap-threshold"], o["overlap-confidence"]].some(
    (v) => v !== undefined,
  );
  if (!overlapGiven && o["hourly-rate"] === undefined) return {};
  const { overlapInputFor, updateHourlyRate, updateOverlapSettings } =
    await import("@/lib/server/quality/overlap-settings");
  const done: Record<string, unknown> = {};
  if (overlapGiven) {
    const input = await overlapInputFor(projectSlug, {
      overlapMin: offAsNull(o["overlap-min"]),
      overlapMax: offAsNull(o["overlap-max"]),
      overlapThreshold: o["overlap-threshold"],
      overlapConfidence: offAsNull(o["overlap-confidence"]),
    });
    const after = await updateOverlapSettings({ slug: projectSlug, input, actorId: null });
    Object.assign(done, {
      overlap: after.overlap,
      overlapMin: after.overlapMin,
      overlapMax: after.overlapMax,
      overlapThreshold: after.overlapThreshold,
      overlapConfidence: after.overlapConfidence,
      reopened: after.reopened,
    });
  }
  if (o["hourly-rate"] !== undefined) {
    if (o["hourly-rate"].trim() === "") throw new UsageError("--hourly-rate: a number, or off");
    const input = hourlyRateSchema.parse({ hourlyRate: offAsNull(o["hourly-rate"]) });
    done.hourlyRate = (await updateHourlyRate({ slug: projectSlug, input, actorId: null })).hourlyRate;
  }
  return done;
}

export const projectCostCommand = defineCommand({
  name: "project cost",
  summary:
    'Active time and cost per labeler and for the project (docs/QUALITY.md). Prints {"project", "hourlyRate", "total": {"answers", "activeMs", "cost", "preferencePairs", "demonstrations", "costPerPair", "costPerDemonstration"}, "labelers": [{"labelerId", "email", ...the same}]}.',
  options: { slug },
  async run(o) {
    const { projectCost } = await import("@/lib/server/quality/quality-report");
    return projectCost(o.slug);
  },
});

export const projectOverlapCommand = defineCommand({
  name: "project overlap",
  summary:
    'Labels spent against a fixed overlap and the forecast of labels still needed (docs/QUALITY.md). Prints {"settings": {...}, "report": {"items", "labelsSpent", "fixedOverlap", "fixedLabels", "expectedAdditional", "projectedLabels", "saving", ...}}.',
  options: { slug },
  async run(o) {
    const { overlapReport } = await import("@/lib/server/quality/quality-report");
    const { overlapSettings } = await import("@/lib/server/quality/overlap-settings");
    return { settings: await overlapSettings(o.slug), report: await overlapReport(o.slug) };
  },
});
