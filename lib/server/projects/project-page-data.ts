import "server-only";
import { projectAgreement } from "@/lib/server/agreement/project-agreement";
import { db } from "@/lib/server/db/client";
import { projectActivity } from "@/lib/server/projects/project-activity";
import { projectDetail } from "@/lib/server/projects/project-detail";
import { listUsers } from "@/lib/server/users/list-users";

/**
 * Everything the admin's project page shows, read side by side. Reads only (no stats repair:
 * see lib/server/agreement/stats-refresher.ts); `npm run bench:export` times it on 750,000 answers.
 */
export async function projectPageData(slug: string) {
  const detail = await projectDetail(slug);
  if (!detail) return null;
  const { project, members } = detail;
  const memberIds = new Set(members.map((m) => m.id));
  const [users, activity, agreement, exports] = await Promise.all([
    listUsers(),
    projectActivity(project.id),
    project.kind === "demonstration" ? null : projectAgreement(project.slug),
    db.export.findMany({
      where: { projectId: project.id },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: {
        id: true,
        format: true,
        status: true,
        filters: true,
        rowCount: true,
        sha256: true,
        manifest: true,
        error: true,
        createdAt: true,
        createdBy: { select: { email: true } },
      },
    }),
  ]);
  const candidates = users.filter((u) => u.active && !memberIds.has(u.id)).map((u) => u.email);
  return { ...detail, candidates, activity, agreement, exports };
}
