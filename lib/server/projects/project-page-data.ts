import "server-only";
import { db } from "@/lib/server/db/client";
import { projectDetail } from "@/lib/server/projects/project-detail";
import { pageFigures } from "@/lib/server/projects/project-summary";
import { listUsers } from "@/lib/server/users/list-users";

/**
 * Everything the admin's project page shows, read side by side. Reads only: a large
 * project's figures come stored (lib/server/projects/project-summary.ts), and no stats are
 * repaired here. `npm run bench:export` times it on 750,000 answers.
 */
export async function projectPageData(slug: string) {
  const detail = await projectDetail(slug);
  if (!detail) return null;
  const { project, members } = detail;
  const memberIds = new Set(members.map((m) => m.id));
  const [users, figures, exports] = await Promise.all([
    listUsers(),
    pageFigures(project),
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
  const answersBy = figures.summary?.answersByLabeler ?? {};
  return {
    ...detail,
    members: members.map((m) => ({ ...m, annotations: answersBy[m.id] ?? null })),
    candidates,
    figures,
    exports,
  };
}
