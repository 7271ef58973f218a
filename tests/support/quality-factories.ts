// Gold items and answers for the quality program's integration tests (docs/QUALITY.md).
import { randomUUID } from "node:crypto";
import { db } from "@/lib/server/db/client";
import { setGoldItem } from "@/lib/server/items/set-gold-item";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import type { SessionUser } from "@/lib/server/auth/session-user";
import type { TaskView } from "@/lib/server/queue/task-view";
import { makeItems } from "./factories";

type Item = Awaited<ReturnType<typeof makeItems>>[number];

/** An item's imported completions, in their order. */
export async function completionIds(item: Item) {
  const cs = await db.completion.findMany({
    where: { itemId: item.id, position: { not: null } },
    orderBy: { position: "asc" },
  });
  return cs.map((c) => c.id);
}

/** Gold items of a role (priority 5) whose expected best is the first completion. */
export async function goldItems(
  slug: string,
  count: number,
  role: "qualification" | "training" | "attention",
  explanation?: string,
) {
  const items = await makeItems(slug, count, 2, 5);
  for (const item of items) {
    const [best] = await completionIds(item);
    await setGoldItem(slug, item.id, { best, role, explanation }, null);
  }
  return items;
}

/** Answers the task with the expected best on top (right) or at the bottom (wrong). */
export async function answerGold(user: SessionUser, task: TaskView, right: boolean) {
  const item = await db.item.findUniqueOrThrow({ where: { id: task.item.id } });
  const ids = task.item.completions.map((c) => c.id);
  const best = (item.goldAnswer as { best?: string } | null)?.best ?? ids[0]!;
  const others = ids.filter((id) => id !== best);
  const ranking = right ? [[best], ...others.map((id) => [id])] : [...others.map((id) => [id]), [best]];
  return submitAnnotation(user, task.id, randomUUID(), { ranking, strength: 2 });
}
