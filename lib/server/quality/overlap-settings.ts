import "server-only";
import { hourlyRateSchema, overlapSettingsSchema } from "@/lib/validation/overlap-cost";
import { recordAudit } from "@/lib/server/audit-queries";
import { inTransaction, pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { addOverlapSlots, removeOverlapSlots } from "@/lib/server/projects/project-queries";
import { requireProject } from "@/lib/server/projects/require-project";
import { ADAPTIVE_KINDS, adaptivePolicy, reconsiderFinishedItems } from "@/lib/server/quality/adaptive-overlap";
import {
  overlapSettingsOf,
  setHourlyRateColumn,
  setOverlapColumns,
  type OverlapSettings,
} from "@/lib/server/quality/overlap-queries";

const view = (s: OverlapSettings) => ({
  overlap: s.overlap,
  overlapMin: s.overlapMin,
  overlapMax: s.overlapMax,
  overlapThreshold: s.overlapThreshold,
  overlapConfidence: s.overlapConfidence,
  hourlyRate: s.hourlyRate,
});

export async function overlapSettings(slug: string) {
  const project = await requireProject(slug);
  return view(await overlapSettingsOf(pool(), project.id));
}

/** Refuses bounds on a project whose answers have no winner to certify. */
export function assertAdaptiveKind(kind: string, overlapMin: number | null) {
  if (overlapMin !== null && !(ADAPTIVE_KINDS as readonly string[]).includes(kind))
    throw new AppError("bad_request", "adaptive overlap needs a comparison or ranking project");
}

/**
 * The overlap settings' body from the fields given, each left out keeping its current value
 * (a lone overlapMax keeps the minimum), parsed by the API's schema. `project set` and the
 * quality program's settings route both send only what the user named.
 */
export async function overlapInputFor(
  slug: string,
  given: { overlapMin?: unknown; overlapMax?: unknown; overlapThreshold?: unknown; overlapConfidence?: unknown },
) {
  const current = await overlapSettings(slug);
  return overlapSettingsSchema.parse({
    overlapMin: given.overlapMin !== undefined ? given.overlapMin : current.overlapMin,
    overlapMax: given.overlapMax !== undefined ? given.overlapMax : current.overlapMax,
    ...(given.overlapThreshold !== undefined ? { overlapThreshold: given.overlapThreshold } : {}),
    ...(given.overlapConfidence !== undefined ? { overlapConfidence: given.overlapConfidence } : {}),
  });
}

/**
 * Sets or clears a project's adaptive overlap bounds (docs/QUALITY.md). With bounds, the
 * project's overlap (the slots an item starts with) becomes overlapMin: items get or lose
 * slots as a change of overlap does (held and answered slots are never removed), and finished
 * items the rule would still ask about reopen with one slot. Cleared, the overlap stays where
 * it is (overlapMin) until an admin sets another.
 */
export async function updateOverlapSettings(options: { slug: string; input: unknown; actorId: string | null }) {
  const input = overlapSettingsSchema.parse(options.input);
  return inTransaction(async (tx) => {
    const project = await requireProject(options.slug, { tx, forUpdate: true });
    const before = await overlapSettingsOf(tx, project.id);
    assertAdaptiveKind(project.kind, input.overlapMin);
    const overlap = input.overlapMin ?? before.overlap;
    if (overlap > before.overlap) await addOverlapSlots(tx, project.id, overlap);
    if (overlap < before.overlap) await removeOverlapSlots(tx, project.id, overlap);
    const after = await setOverlapColumns(tx, project.id, {
      overlap,
      overlapMin: input.overlapMin,
      overlapMax: input.overlapMax,
      overlapThreshold: input.overlapThreshold ?? before.overlapThreshold,
      overlapConfidence: input.overlapConfidence === undefined ? before.overlapConfidence : input.overlapConfidence,
    });
    const policy = adaptivePolicy({ kind: project.kind, ...after });
    const reopened = policy ? await reconsiderFinishedItems(tx, project.id, policy) : 0;
    const pick = ({ hourlyRate: _rate, ...rest }: ReturnType<typeof view>) => rest;
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "project.overlap_settings",
      entityType: "project",
      entityId: project.id,
      projectId: project.id,
      before: pick(view(before)),
      after: { ...pick(view(after)), reopened },
    });
    return { ...view(after), reopened };
  });
}

export async function updateHourlyRate(options: { slug: string; input: unknown; actorId: string | null }) {
  const { hourlyRate } = hourlyRateSchema.parse(options.input);
  return inTransaction(async (tx) => {
    const project = await requireProject(options.slug, { tx, forUpdate: true });
    const before = await overlapSettingsOf(tx, project.id);
    const after = await setHourlyRateColumn(tx, project.id, hourlyRate);
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "project.hourly_rate",
      entityType: "project",
      entityId: project.id,
      projectId: project.id,
      before: { hourlyRate: before.hourlyRate },
      after: { hourlyRate: after.hourlyRate },
    });
    return view(after);
  });
}
