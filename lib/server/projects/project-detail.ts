import "server-only";
import { db } from "@/lib/server/db/client";

export type { QueueHealth } from "@/lib/server/projects/project-figures-queries";

/** One project as its admin page shows it: settings, guidelines and members (figures: project-summary.ts). */
export async function projectDetail(slug: string) {
  const project = await db.project.findUnique({
    where: { slug },
    include: {
      memberships: {
        include: { user: { select: { id: true, email: true, name: true, role: true, active: true } } },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!project) return null;
  const guidelines = project.guidelineVersion
    ? await db.guidelineVersion.findUnique({
        where: { projectId_version: { projectId: project.id, version: project.guidelineVersion } },
        select: { body: true },
      })
    : null;
  return {
    project,
    guidelines: guidelines?.body ?? null,
    // projectRole: the member's role in this project (peer review), beside the account's own role.
    members: project.memberships.map((m) => ({ ...m.user, since: m.createdAt, projectRole: m.role })),
  };
}
