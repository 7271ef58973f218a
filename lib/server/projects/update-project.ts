import "server-only";
import { completionRange } from "@/lib/domain/project-kinds";
import { updateProjectSchema, type UpdateProjectInput } from "@/lib/validation/projects";
import { inTransaction } from "@/lib/server/db/client";
import {
  addOverlapSlots,
  guidelinesBody,
  insertGuidelineVersion,
  removeOverlapSlots,
  updateProjectSettings,
  type ProjectRecord,
} from "@/lib/server/projects/project-queries";
import { requireProject } from "@/lib/server/projects/require-project";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";
import { overlapSettingsOf } from "@/lib/server/quality/overlap-queries";

/**
 * Edits a project's settings. Guidelines that change become a new version (annotations keep
 * the version they were made under). A higher overlap adds slots to every item (finished
 * items reopen); a lower one removes only slots nobody holds.
 */
export async function updateProject(slug: string, input: UpdateProjectInput, actorId: string) {
  const data = updateProjectSchema.parse(input);
  return inTransaction(async (tx) => {
    // Locked: two edits at once would both add guideline version n + 1.
    const project = await requireProject(slug, { tx, forUpdate: true });
    const allowed = completionRange(project.kind);
    if (data.minCompletions < allowed.min || data.maxCompletions > allowed.max) {
      throw new AppError(
        "bad_request",
        `a ${project.kind} project takes ${allowed.min} to ${allowed.max} completions per item`,
      );
    }
    const current = project.guidelineVersion ? await guidelinesBody(tx, project.id, project.guidelineVersion) : null;
    const guidelines = data.guidelines.trim();
    let guidelineVersion = project.guidelineVersion;
    if (guidelines !== (current ?? "") && guidelines) {
      guidelineVersion += 1;
      await insertGuidelineVersion(tx, {
        projectId: project.id,
        version: guidelineVersion,
        body: guidelines,
        createdById: actorId,
      });
    }
    // Adaptive overlap (docs/QUALITY.md): the overlap is overlapMin, changed with the bounds.
    if (data.overlap !== project.overlap && (await overlapSettingsOf(tx, project.id)).overlapMin !== null) {
      throw new AppError("bad_request", "adaptive overlap is on: the overlap follows overlapMin (change the bounds)");
    }
    if (data.overlap > project.overlap) await addOverlapSlots(tx, project.id, data.overlap);
    if (data.overlap < project.overlap) await removeOverlapSlots(tx, project.id, data.overlap);
    const after = await updateProjectSettings(tx, project.id, {
      name: data.name,
      overlap: data.overlap,
      leaseSeconds: data.leaseMinutes * 60,
      minCompletions: data.minCompletions,
      maxCompletions: data.maxCompletions,
      likertEnabled: data.likertEnabled,
      flags: [...new Set(data.flags)],
      minDemoLength: data.minDemoLength,
      guidelineVersion,
      editWindowSeconds: data.editWindowMinutes === undefined ? project.editWindowSeconds : data.editWindowMinutes * 60,
    });
    const pick = (p: ProjectRecord) => ({
      name: p.name,
      overlap: p.overlap,
      leaseSeconds: p.leaseSeconds,
      minCompletions: p.minCompletions,
      maxCompletions: p.maxCompletions,
      likertEnabled: p.likertEnabled,
      flags: p.flags,
      minDemoLength: p.minDemoLength,
      guidelineVersion: p.guidelineVersion,
      editWindowSeconds: p.editWindowSeconds,
    });
    await recordAudit(tx, {
      actorId,
      action: "project.update",
      entityType: "project",
      entityId: project.id,
      projectId: project.id,
      before: pick(project),
      after: pick(after),
    });
    return after;
  });
}
