import "server-only";
import { db } from "@/lib/server/db/client";

/** Headline numbers and recent admin activity for the admin overview page. */
export async function adminOverview() {
  const [labelers, admins, projects, items, annotations, recent] = await Promise.all([
    db.user.count({ where: { role: "labeler", active: true } }),
    db.user.count({ where: { role: "admin", active: true } }),
    db.project.count({ where: { status: { not: "archived" } } }),
    db.item.count(),
    db.annotation.count(),
    db.auditEvent.findMany({
      orderBy: { createdAt: "desc" },
      take: 10,
      select: {
        id: true,
        action: true,
        entityType: true,
        createdAt: true,
        after: true,
        actor: { select: { email: true } },
      },
    }),
  ]);
  return {
    labelers,
    admins,
    projects,
    items,
    annotations,
    recent: recent.map((e) => ({ ...e, id: e.id.toString(), actor: e.actor?.email ?? "system" })),
  };
}
