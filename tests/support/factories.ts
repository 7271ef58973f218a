// Test data with unique names per call, so tests never collide on a shared database.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { createProject } from "@/lib/server/projects/create-project";
import { createUser } from "@/lib/server/users/create-user";
import type { SessionUser } from "@/lib/server/auth/session-user";

export const TEST_PASSWORD = "correct-horse-battery";

export function uniqueSuffix(): string {
  return randomUUID().slice(0, 8);
}

export async function makeUser(role: "admin" | "labeler" = "labeler", password = TEST_PASSWORD): Promise<SessionUser> {
  const email = `${role}-${uniqueSuffix()}@test.example`;
  const user = await createUser({ email, role, password }, null);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export async function makeProject(kind: "demonstration" | "comparison" | "ranking" = "ranking", overlap = 2) {
  return createProject({ slug: `p-${uniqueSuffix()}`, kind, overlap }, null);
}

export async function makeItem(projectSlug: string, completions = 2) {
  const externalId = `item-${uniqueSuffix()}`;
  await addItems(projectSlug, [
    {
      externalId,
      messages: [{ role: "user", content: `prompt ${externalId}` }],
      completions: Array.from({ length: completions }, (_, i) => ({ text: `completion ${i} of ${externalId}` })),
    },
  ]);
  return db.item.findFirstOrThrow({
    where: { externalId },
    include: { slots: { orderBy: { index: "asc" } }, completions: true },
  });
}

export async function makeMember(projectSlug: string, role: "admin" | "labeler" = "labeler"): Promise<SessionUser> {
  const user = await makeUser(role);
  const project = await db.project.findUniqueOrThrow({ where: { slug: projectSlug } });
  await db.membership.create({ data: { projectId: project.id, userId: user.id } });
  return user;
}

/** Adds `count` items with `completions` completions each; returns them oldest first. */
export async function makeItems(projectSlug: string, count: number, completions = 2, priority = 0) {
  const prefix = `item-${uniqueSuffix()}`;
  await addItems(
    projectSlug,
    Array.from({ length: count }, (_, n) => ({
      externalId: `${prefix}-${n}`,
      messages: [{ role: "user" as const, content: `prompt ${prefix}-${n}` }],
      completions: Array.from({ length: completions }, (_, i) => ({ text: `completion ${i} of ${prefix}-${n}` })),
      priority,
    })),
  );
  return db.item.findMany({ where: { externalId: { startsWith: prefix } }, orderBy: { seq: "asc" } });
}
