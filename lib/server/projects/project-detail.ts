import "server-only";
import { db, pool } from "@/lib/server/db/client";

export interface QueueHealth {
  open: number;
  leased: number;
  expired: number;
  done: number;
}

/** One project as its admin page shows it: settings, counts, queue health and members. */
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
  const [{ rows: health }, { rows: items }, perLabeler] = await Promise.all([
    pool().query<QueueHealth>(
      `SELECT count(*) FILTER (WHERE state = 'open')::int AS open,
              count(*) FILTER (WHERE state = 'leased' AND lease_expires_at >= now())::int AS leased,
              count(*) FILTER (WHERE state = 'leased' AND lease_expires_at < now())::int AS expired,
              count(*) FILTER (WHERE state = 'done')::int AS done
         FROM slots WHERE project_id = $1`,
      [project.id],
    ),
    pool().query<{ total: number; done: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'done')::int AS done FROM items WHERE project_id = $1`,
      [project.id],
    ),
    db.annotation.groupBy({ by: ["labelerId"], where: { projectId: project.id }, _count: { _all: true } }),
  ]);
  const guidelines = project.guidelineVersion
    ? await db.guidelineVersion.findUnique({
        where: { projectId_version: { projectId: project.id, version: project.guidelineVersion } },
        select: { body: true },
      })
    : null;
  const annotationsBy = new Map(perLabeler.map((row) => [row.labelerId, row._count._all]));
  return {
    project,
    health: health[0]!,
    items: items[0]!,
    guidelines: guidelines?.body ?? null,
    members: project.memberships.map((m) => ({
      ...m.user,
      annotations: annotationsBy.get(m.user.id) ?? 0,
      since: m.createdAt,
    })),
  };
}
