import "server-only";
import { DEFAULT_FLAGS } from "@/lib/domain/flags";
import { MODE_GUIDELINES } from "@/lib/domain/conversation/mode-guidelines";
import { completionRange } from "@/lib/domain/project-kinds";
import { createProjectSchema, type CreateProjectInput } from "@/lib/validation/projects";
import { inTransaction } from "@/lib/server/db/client";
import { isUniqueViolation } from "@/lib/server/db/query";
import { insertGuidelineVersion, insertProject } from "@/lib/server/projects/project-queries";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";

export async function createProject(input: CreateProjectInput, actorId: string | null) {
  const data = createProjectSchema.parse(input);
  const range = completionRange(data.kind);
  // A conversation project starts with its mode's guidelines (helpfulness) unless given its own.
  const guidelines =
    data.guidelines?.trim() || (data.kind === "conversation" ? MODE_GUIDELINES.helpfulness : undefined);
  try {
    return await inTransaction(async (tx) => {
      const project = await insertProject(tx, {
        slug: data.slug,
        name: data.name ?? data.slug,
        kind: data.kind,
        overlap: data.overlap,
        minCompletions: range.min,
        maxCompletions: range.max,
        flags: [...DEFAULT_FLAGS],
        guidelineVersion: guidelines ? 1 : 0,
        createdById: actorId,
      });
      if (guidelines) {
        await insertGuidelineVersion(tx, { projectId: project.id, version: 1, body: guidelines, createdById: actorId });
      }
      await recordAudit(tx, {
        actorId,
        action: "project.create",
        entityType: "project",
        entityId: project.id,
        projectId: project.id,
        after: { slug: project.slug, name: project.name, kind: project.kind, overlap: project.overlap },
      });
      return project;
    });
  } catch (error) {
    if (isUniqueViolation(error, "projects_slug_key")) {
      throw new AppError("conflict", `a project with slug ${data.slug} already exists`);
    }
    throw error;
  }
}
