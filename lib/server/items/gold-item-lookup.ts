import "server-only";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { requireProject } from "@/lib/server/projects/require-project";

/** An item by its number, with its completions in letter order (A first) and the project's flags. */
export async function goldItemByNumber(slug: string, number: number) {
  const project = await requireProject(slug);
  const item = await db.item.findUnique({
    where: { projectId_number: { projectId: project.id, number } },
    select: {
      id: true,
      completions: { where: { position: { not: null } }, orderBy: { position: "asc" }, select: { id: true } },
    },
  });
  if (!item) throw new AppError("not_found", `No item #${number} in project ${slug}`);
  return { id: item.id, completionIds: item.completions.map((c) => c.id), projectFlags: project.flags };
}

/** The same by id (the item page). */
export async function goldItemById(slug: string, itemId: string) {
  const project = await requireProject(slug);
  const item = await db.item.findFirst({
    where: { id: itemId, projectId: project.id },
    select: {
      id: true,
      completions: { where: { position: { not: null } }, orderBy: { position: "asc" }, select: { id: true } },
    },
  });
  if (!item) throw new AppError("not_found", "No such item");
  return { id: item.id, completionIds: item.completions.map((c) => c.id), projectFlags: project.flags };
}
