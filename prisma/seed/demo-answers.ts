// Answers for the demo, so that its agreement reports, charts and exports have something to
// show. Made through the same claim and submit as the app's, by the demo labelers, with
// preferences that follow each completion's model (newer assistants usually win) plus some
// noise, more of it for one labeler, so that agreement is high but not perfect. The last
// items are left for whoever tries the demo.
import { seededRandom } from "@/lib/domain/agreement/pairwise-project";
import { db } from "@/lib/server/db/client";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { DEMO_USERS } from "./demo-users";

export const QUALITY: Record<string, number> = {
  "assistant-v2": 5,
  "assistant-v2b": 4.5,
  "assistant-v1": 3,
  "assistant-v0": 2,
  "base-lm": 1,
  // The demo stand-in's endpoints (prisma/seed/model-demo.ts): visibly different quality.
  "demo-careful": 4.5,
  "demo-terse": 3,
  "demo-rambling": 2,
};

/** Answers the first `items` items of a comparison or ranking project once per labeler; nothing if it has answers. */
export async function seedDemoAnswers(slug: string, items: number): Promise<number> {
  const project = await db.project.findUniqueOrThrow({ where: { slug } });
  if (project.kind === "demonstration") return 0;
  if (await db.annotation.count({ where: { projectId: project.id } })) return 0;
  const random = seededRandom(20261128);
  let stored = 0;
  const labelers = DEMO_USERS.filter((u) => u.role === "labeler");
  for (const [index, demo] of labelers.entries()) {
    const user = await db.user.findUniqueOrThrow({ where: { email: demo.email } });
    const session = { id: user.id, email: user.email, name: user.name, role: user.role };
    const noise = index === 1 ? 3 : 1.2;
    for (let n = 0; n < items; n += 1) {
      const task = await claimNextTask(session, slug);
      if (!task) break;
      const completions = await db.completion.findMany({
        where: { id: { in: task.item.completions.map((c) => c.id) } },
      });
      const scored = completions
        .map((c) => ({ id: c.id, model: c.model ?? "", score: (QUALITY[c.model ?? ""] ?? 3) + random() * noise }))
        .sort((a, b) => b.score - a.score);
      const best = scored[0]!;
      const worst = scored[scored.length - 1]!;
      const gap = best.score - worst.score;
      await submitAnnotation(session, task.id, `demo-seed-${task.id}`, {
        ranking: scored.map((c) => [c.id]),
        ...(project.kind === "comparison" ? { strength: gap > 2.5 ? 3 : gap > 1 ? 2 : 1 } : {}),
        ...(project.likertEnabled
          ? {
              ratings: Object.fromEntries(
                scored.map((c) => [c.id, Math.max(1, Math.min(7, Math.round(c.score * 1.2 + random())))]),
              ),
            }
          : {}),
        ...(project.flags.includes("hallucination") && worst.model === "base-lm" && random() < 0.4
          ? { flags: { [worst.id]: ["hallucination"] } }
          : {}),
        timeSpentMs: Math.round(20_000 + random() * 90_000),
      });
      stored += 1;
    }
  }
  return stored;
}
