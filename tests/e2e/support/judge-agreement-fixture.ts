// Data for the judge agreement journey: a ranking project whose completions name their models,
// two labelers who prefer the longer reply (one of them not on the last item), and a judge
// answered in both orders that agrees with them except on one item, with a rationale there.
// Run by tests/e2e/admin-judge-agreement.spec.ts: tsx --conditions=react-server tests/e2e/support/judge-agreement-fixture.ts
import { randomUUID } from "node:crypto";
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { makeMember, makeProject } from "../../support/factories";
import { judgeItem, makeJudge } from "../../support/judge-factories";

export const DISAGREEING_RATIONALE = "Reply <b>A</b> is shorter, so it is better.";

async function main() {
  const project = await makeProject("ranking", 2);
  await addItems(
    project.slug,
    Array.from({ length: 6 }, (_, n) => ({
      externalId: `judge-${n}`,
      messages: [{ role: "user" as const, content: `Explain photosynthesis to a child (${n}).` }],
      completions: [
        { model: "careful-7b", text: `Plants catch sunlight and turn air and water into food (${n}).` },
        { model: "terse-7b", text: `Sunlight food (${n}).` },
      ],
    })),
  );
  const items = await db.item.findMany({
    where: { projectId: project.id },
    include: { completions: { orderBy: { position: "asc" } } },
    orderBy: { number: "asc" },
  });
  const labelers = [await makeMember(project.slug), await makeMember(project.slug)];
  for (const [l, labeler] of labelers.entries()) {
    for (
      let task = await claimNextTask(labeler, project.slug);
      task;
      task = await claimNextTask(labeler, project.slug)
    ) {
      const n = items.findIndex((i) => i.id === task!.item.id);
      const [careful, terse] = items[n]!.completions.map((c) => c.id);
      const ranking = l === 1 && n === 5 ? [[terse!], [careful!]] : [[careful!], [terse!]];
      await submitAnnotation(labeler, task.id, randomUUID(), { ranking });
    }
  }
  const judge = await makeJudge(project.slug, "gpt-judge");
  for (const [n, item] of items.entries()) {
    const [careful, terse] = item.completions.map((c) => c.id);
    const verdict = n === 2 ? [[terse!], [careful!]] : [[careful!], [terse!]];
    await judgeItem(judge, item, [verdict, verdict], { rationale: n === 2 ? DISAGREEING_RATIONALE : "Clearer." });
  }
  process.stdout.write(JSON.stringify({ slug: project.slug, judge: judge.name, disagreeingItemId: items[2]!.id }));
  await db.$disconnect();
}

void main();
