import type { ProjectKind } from "@/lib/domain/project-kinds";
import "server-only";
import { FLAG_LABELS } from "@/lib/domain/flags";
import { db } from "@/lib/server/db/client";
import type { SessionUser } from "@/lib/server/auth/session-user";

export interface LabelingProject {
  slug: string;
  name: string;
  kind: ProjectKind;
  status: "active" | "paused" | "archived" | "draft";
  likertEnabled: boolean;
  flags: { id: string; label: string }[];
  minDemoLength: number;
  leaseSeconds: number;
  guidelines: { version: number; body: string } | null;
  /** Conversation projects: the labeler may start a conversation of their own. */
  ownOpenings: boolean;
}

/** The project as its labeling page needs it, or null when the user is not a member. */
export async function projectForLabeler(user: SessionUser, slug: string): Promise<LabelingProject | null> {
  // Not requireProject: the lookup is also the membership check, in one query, and a
  // project the user is not a member of must look exactly like a missing one (null, a 404).
  const project = await db.project.findFirst({
    where: { slug, memberships: { some: { userId: user.id } } },
  });
  if (!project) return null;
  const guidelines = project.guidelineVersion
    ? await db.guidelineVersion.findUnique({
        where: { projectId_version: { projectId: project.id, version: project.guidelineVersion } },
        select: { version: true, body: true },
      })
    : null;
  return {
    slug: project.slug,
    name: project.name,
    kind: project.kind,
    status: project.status,
    likertEnabled: project.likertEnabled,
    flags: project.flags.map((id) => ({ id, label: FLAG_LABELS[id] ?? id.replace(/_/g, " ") })),
    minDemoLength: project.minDemoLength,
    leaseSeconds: project.leaseSeconds,
    guidelines,
    ownOpenings: project.ownOpenings,
  };
}
