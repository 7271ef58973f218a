// One labeler in a project of each kind (with guidelines, Likert ratings and an answered
// comparison), for the journeys that visit every page: accessibility.spec.ts (axe) and
// labeling-touch.spec.ts (a phone). One process instead of one per project keeps them fast.
// Run by tests/e2e/helpers.ts makeEveryKindFixture: tsx --conditions=react-server tests/e2e/support/every-kind-fixture.ts
import { randomUUID } from "node:crypto";
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { addProjectMember } from "@/lib/server/projects/add-member";
import { createProject } from "@/lib/server/projects/create-project";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { createUser } from "@/lib/server/users/create-user";

export interface EveryKindFixture {
  labeler: { id: string; email: string; password: string };
  slugs: Record<"demonstration" | "comparison" | "ranking", string>;
  /** A comparison item the labeler has answered (the item page shows an answer). */
  answeredItemId: string;
}

const PASSWORD = "e2e-labeler-password";
const GUIDELINES =
  "# How to judge\n\nPrefer the reply that is **correct**, then the one that is *clear*.\n\n- Check facts\n- Flag anything unsafe";

async function main() {
  const suffix = randomUUID().slice(0, 8);
  const email = `e2e-every-kind-${suffix}@test.example`;
  const labeler = await createUser({ email, role: "labeler", password: PASSWORD }, null);
  const slugs = {} as EveryKindFixture["slugs"];
  for (const kind of ["demonstration", "comparison", "ranking"] as const) {
    const slug = `e2e-${kind}-${suffix}`;
    slugs[kind] = slug;
    await createProject({ slug, name: `E2E ${kind} ${suffix}`, kind, overlap: 1, guidelines: GUIDELINES }, null);
    await db.project.update({ where: { slug }, data: { likertEnabled: kind !== "demonstration" } });
    const replies =
      kind === "ranking" ? ["Paris.", "Lyon.", "Marseille."] : kind === "comparison" ? ["Paris.", "Lyon."] : [];
    await addItems(
      slug,
      Array.from({ length: 3 }, (_, n) => ({
        externalId: `item-${n}`,
        messages: [{ role: "user" as const, content: `What is the capital of France? (${n + 1})` }],
        completions: replies.length ? replies.map((text) => ({ text: `${text} ${n + 1}` })) : undefined,
      })),
    );
    await addProjectMember(slug, email, null);
  }
  const session = { id: labeler.id, email, name: labeler.name, role: "labeler" as const };
  const task = (await claimNextTask(session, slugs.comparison))!;
  const completions = await db.completion.findMany({
    where: { itemId: task.item.id, position: { not: null } },
    orderBy: { position: "asc" },
  });
  await submitAnnotation(session, task.id, randomUUID(), {
    ranking: completions.map((c) => [c.id]),
    strength: 2,
    ratings: { [completions[0]!.id]: 6 },
  });
  const fixture: EveryKindFixture = {
    labeler: { id: labeler.id, email, password: PASSWORD },
    slugs,
    answeredItemId: task.item.id,
  };
  process.stdout.write(JSON.stringify(fixture));
  await db.$disconnect();
}

void main();
