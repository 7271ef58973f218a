import "server-only";
import { db } from "@/lib/server/db/client";
import { isUuid } from "@/lib/server/db/query";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilter {
  action?: string;
  actor?: string;
  /** Events strictly older than this id (keyset paging: fast however long the log). */
  before?: bigint;
}

/** The audit log, newest first, filtered by action prefix and actor email. */
export async function listAuditEvents(filter: AuditFilter) {
  const events = await db.auditEvent.findMany({
    where: {
      ...(filter.action ? { action: { startsWith: filter.action } } : {}),
      ...(filter.actor ? { actor: { email: { contains: filter.actor.toLowerCase() } } } : {}),
      ...(filter.before ? { id: { lt: filter.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: AUDIT_PAGE_SIZE + 1,
    include: { actor: { select: { email: true } } },
  });
  const page = events.slice(0, AUDIT_PAGE_SIZE);
  // The project each event concerns, named and linked (audit rows keep only its id).
  const projectIdOf = (e: (typeof page)[number]) => e.projectId ?? (e.entityType === "project" ? e.entityId : null);
  const projectIds = [...new Set(page.map(projectIdOf).filter((id): id is string => id !== null && isUuid(id)))];
  const projects = projectIds.length
    ? await db.project.findMany({ where: { id: { in: projectIds } }, select: { id: true, slug: true, name: true } })
    : [];
  const projectById = new Map(projects.map((p) => [p.id, { slug: p.slug, name: p.name }]));
  return {
    events: page.map((e) => ({
      id: e.id.toString(),
      project: projectById.get(projectIdOf(e) ?? "") ?? null,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      actor: e.actor?.email ?? "system (CLI)",
      before: e.before,
      after: e.after,
      createdAt: e.createdAt,
    })),
    nextBefore: events.length > AUDIT_PAGE_SIZE ? page[page.length - 1]!.id.toString() : null,
  };
}

/** The distinct actions recorded so far, for the filter menu. */
export async function auditActions(): Promise<string[]> {
  const rows = await db.auditEvent.findMany({
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
  });
  return rows.map((r) => r.action);
}
