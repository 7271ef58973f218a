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
