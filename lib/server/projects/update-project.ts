import "server-only";
import { completionRange } from "@/lib/domain/project-kinds";
import { updateProjectSchema, type UpdateProjectInput } from "@/lib/validation/projects";
import { db, type Tx } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit";

/**
 * Edits a project's settings. Guidelines that change become a new version (annotations keep
 * the version they were made under). A higher overlap adds slots to every item (finished
 * items reopen); a lower one removes only slots nobody holds.
 */
export async function updateProject(slug: string, input: UpdateProjectInput, actorId: string) {
  const data = updateProjectSchema.parse(input);
  return db.$transaction(
    async (tx) => {
      const project = await tx.project.findUnique({ where: { slug } });
      if (!project) throw new AppError("not_found", `no project with slug ${slug}`);
      const allowed = completionRange(project.kind);
      if (data.minCompletions < allowed.min || data.maxCompletions > allowed.max) {
        throw new AppError(
          "bad_request",
          `a ${project.kind} project takes ${allowed.min} to ${allowed.max} completions per item`,
        );
      }
      const current = project.guidelineVersion
        ? await tx.guidelineVersion.findUnique({
            where: { projectId_version: { projectId: project.id, version: project.guidelineVersion } },
          })
        : null;
      const guidelines = data.guidelines.trim();
      let guidelineVersion = project.guidelineVersion;
      if (guidelines !== (current?.body ?? "") && guidelines) {
        guidelineVersion += 1;
        await tx.guidelineVersion.create({
          data: { projectId: project.id, version: guidelineVersion, body: guidelines, createdById: actorId },
        });
      }
      if (data.overlap !== project.overlap) await changeOverlap(tx, project.id, project.overlap, data.overlap);
      const after = await tx.project.update({
        where: { id: project.id },
        data: {
          name: data.name,
          overlap: data.overlap,
          leaseSeconds: data.leaseMinutes * 60,
          minCompletions: data.minCompletions,
          maxCompletions: data.maxCompletions,
          likertEnabled: data.likertEnabled,
          flags: [...new Set(data.flags)],
          minDemoLength: data.minDemoLength,
          guidelineVersion,
        },
      });
      const pick = (p: typeof project) => ({
        name: p.name,
        overlap: p.overlap,
        leaseSeconds: p.leaseSeconds,
        minCompletions: p.minCompletions,
        maxCompletions: p.maxCompletions,
        likertEnabled: p.likertEnabled,
        flags: p.flags,
        minDemoLength: p.minDemoLength,
        guidelineVersion: p.guidelineVersion,
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
    },
    { timeout: 60_000 },
  );
}

async function changeOverlap(tx: Tx, projectId: string, from: number, to: number) {
  if (to > from) {
    // Each item gets only the slots it lacks: one may already have more than the old overlap
    // ("one more labeler"), or gaps in its indexes (a lower overlap removed a free slot between
    // held ones). New indexes follow the item's highest, so they never clash.
    await tx.$executeRaw`
      INSERT INTO slots (id, item_id, project_id, index)
      SELECT gen_random_uuid(), i.id, i.project_id, have.next_index + n
        FROM items i
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS slots, COALESCE(max(s.index) + 1, 0) AS next_index FROM slots s WHERE s.item_id = i.id
        ) have
        CROSS JOIN LATERAL generate_series(0, ${to}::int - have.slots - 1) AS n
       WHERE i.project_id = ${projectId}::uuid AND i.status <> 'archived'`;
    await tx.$executeRaw`
      UPDATE items i SET status = 'open'
       WHERE i.project_id = ${projectId}::uuid AND i.status = 'done'
         AND EXISTS (SELECT 1 FROM slots s WHERE s.item_id = i.id AND s.state <> 'done')`;
    return;
  }
  await tx.$executeRaw`
    DELETE FROM slots WHERE project_id = ${projectId}::uuid AND index >= ${to}::int AND state = 'open'`;
  await tx.$executeRaw`
    UPDATE items i SET status = 'done'
     WHERE i.project_id = ${projectId}::uuid AND i.status = 'open'
       AND NOT EXISTS (SELECT 1 FROM slots s WHERE s.item_id = i.id AND s.state <> 'done')`;
}
