import "server-only";
import { inTransaction, pool, type Tx } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";
import { requireProject } from "@/lib/server/projects/require-project";
import { qualitySettingsInputSchema } from "@/lib/validation/quality";
import {
  qualitySettingsOf,
  setProjectStatusRaw,
  usableGoldItems,
  writeQualitySettings,
  type QualitySettings,
} from "@/lib/server/quality/quality-queries";

// The quality program's project settings (issue 16, docs/QUALITY.md).

const NO_QUALIFICATION_ITEMS =
  "Qualification is required but the project has no qualification items with an expected answer: mark some gold items with the role “qualification” first. The project stays a draft until then.";

/** A project requiring qualification must have something to qualify with before it starts. */
export async function assertCanStart(tx: Tx, projectId: string) {
  const settings = await qualitySettingsOf(tx, projectId);
  if (settings.qualificationRequired && (await usableGoldItems(tx, projectId, "qualification")) === 0) {
    throw new AppError("conflict", NO_QUALIFICATION_ITEMS, { reason: "no_qualification_items" });
  }
}

export async function qualitySettings(slug: string) {
  const project = await requireProject(slug);
  return { ...(await qualitySettingsOf(pool(), project.id)), status: project.status };
}

/**
 * Changes the settings given (the others keep their value); a threshold given alone also turns
 * qualification on. Turning qualification on without
 * qualification items puts an active project back to `draft` (no claims) with a notice; a
 * draft starts again through the status control once it has them.
 */
export async function updateQualitySettings(slug: string, input: unknown, actorId: string | null) {
  const data = qualitySettingsInputSchema.parse(input);
  return inTransaction(async (tx) => {
    const project = await requireProject(slug, { tx, forUpdate: true });
    const before = await qualitySettingsOf(tx, project.id);
    const after: QualitySettings = { ...before };
    for (const [key, value] of Object.entries(data)) if (value !== undefined) Object.assign(after, { [key]: value });
    // A pass mark asks for a qualification: `--qualification-threshold 0.75` alone turns it on
    // (the settings form always says which it wants).
    if (data.qualificationThreshold !== undefined && data.qualificationRequired === undefined)
      after.qualificationRequired = true;
    await writeQualitySettings(tx, project.id, after);
    let status = project.status;
    let notice: string | null = null;
    if (after.qualificationRequired && (await usableGoldItems(tx, project.id, "qualification")) === 0) {
      notice = NO_QUALIFICATION_ITEMS;
      if (status === "active") {
        status = "draft";
        await setProjectStatusRaw(tx, project.id, "draft");
      }
    }
    await recordAudit(tx, {
      actorId,
      action: "project.quality_settings",
      entityType: "project",
      entityId: project.id,
      projectId: project.id,
      before: { ...before, status: project.status },
      after: { ...after, status },
    });
    return { ...after, status, ...(notice ? { notice } : {}) };
  });
}
