import type { ProjectKind } from "@/lib/domain/project-kinds";
import "server-only";
import { db } from "@/lib/server/db/client";

export interface ProjectSummary {
  id: string;
  slug: string;
  name: string;
  kind: ProjectKind;
  status: "active" | "paused" | "archived" | "draft";
  overlap: number;
  /** How long labelers may change an answer after submitting it (0: never). */
  editWindowSeconds: number;
  items: number;
  members: number;
  annotations: number;
  createdAt: Date;
}

const summarySelect = {
  id: true,
  slug: true,
  name: true,
  kind: true,
  status: true,
  overlap: true,
  editWindowSeconds: true,
  createdAt: true,
  _count: { select: { items: true, memberships: true, annotations: true } },
} as const;

type Row = { _count: { items: number; memberships: number; annotations: number } } & Omit<
  ProjectSummary,
  "items" | "members" | "annotations"
>;

function toSummary({ _count, ...rest }: Row): ProjectSummary {
  return { ...rest, items: _count.items, members: _count.memberships, annotations: _count.annotations };
}

/** Every project, for admins. */
export async function listAllProjects(): Promise<ProjectSummary[]> {
  const rows = await db.project.findMany({ select: summarySelect, orderBy: { createdAt: "desc" } });
  return rows.map(toSummary);
}

/** The projects a labeler is a member of, with their own progress. */
export async function listProjectsOf(userId: string) {
  const rows = await db.project.findMany({
    where: { memberships: { some: { userId } }, status: { not: "archived" } },
    select: summarySelect,
    orderBy: { name: "asc" },
  });
  const mine = await db.annotation.groupBy({
    by: ["projectId"],
    where: { labelerId: userId, projectId: { in: rows.map((r) => r.id) } },
    _count: { _all: true },
  });
  const mineByProject = new Map(mine.map((m) => [m.projectId, m._count._all]));
  return rows.map((row) => ({ ...toSummary(row), myAnnotations: mineByProject.get(row.id) ?? 0 }));
}
