// Builds the data one browser journey needs, through the same server code the app uses.
// Run by tests/e2e/helpers.ts: tsx --conditions=react-server tests/e2e/support/fixture.ts '<json>'
import { randomUUID } from "node:crypto";
import type { ChatMessage } from "@/lib/domain/content-hash";
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { addProjectMember } from "@/lib/server/projects/add-member";
import { createModelEndpoint } from "@/lib/server/models/create-model-endpoint";
import { updateConversationSettings } from "@/lib/server/projects/conversation-settings";
import { createProject } from "@/lib/server/projects/create-project";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { createUser } from "@/lib/server/users/create-user";

export interface FixtureSpec {
  kind: "demonstration" | "comparison" | "ranking" | "conversation";
  /**
   * A project the journey made itself (items imported through the page): the labelers join
   * it, and answer when `answerAll` says so; no project is made and `items` is ignored.
   */
  project?: string;
  overlap?: number;
  likertEnabled?: boolean;
  minDemoLength?: number;
  guidelines?: string;
  /** Messages as stored: they may carry OpenAI tool calls and tool results. */
  items: { messages: ChatMessage[]; completions?: string[] }[];
  labelers?: number;
  /**
   * Every labeler answers every item: completions ranked in the order given, except that
   * labelers listed in `reversed` rank them the other way round; Likert 7 for the best and 2
   * for the worst when Likert is on.
   */
  answerAll?: { reversed?: number[] };
  /** A conversation project's replies: a model of the OpenAI stub the journey runs, sampled K times. */
  conversation?: {
    stubUrl: string;
    model?: string;
    mode?: "helpfulness" | "red_team";
    replyCount?: number;
    minTurns?: number;
    maxTurns?: number;
    ownOpenings?: boolean;
    maxConcurrentGenerations?: number;
  };
}

export const LABELER_PASSWORD = "e2e-labeler-password";

async function main() {
  const spec = JSON.parse(process.argv[2]!) as FixtureSpec;
  const suffix = randomUUID().slice(0, 8);
  const slug = spec.project ?? `e2e-${spec.kind}-${suffix}`;
  if (!spec.project) {
    await createProject(
      {
        slug,
        name: `E2E ${spec.kind} ${suffix}`,
        kind: spec.kind,
        overlap: spec.overlap ?? 1,
        guidelines: spec.guidelines,
      },
      null,
    );
    await db.project.update({
      where: { slug },
      data: { likertEnabled: spec.likertEnabled ?? false, minDemoLength: spec.minDemoLength ?? 0 },
    });
    // A conversation project may start with no openings (its labelers write their own).
    if (spec.items.length > 0)
      await addItems(
        slug,
        spec.items.map((item, n) => ({
          externalId: `item-${n}`,
          messages: item.messages,
          completions: item.completions?.map((text) => ({ text })),
        })),
      );
    if (spec.conversation) {
      const c = spec.conversation;
      const endpoint = await createModelEndpoint(
        { name: `e2e-${suffix}`, baseUrl: c.stubUrl, model: c.model ?? "stub-careful" },
        null,
      );
      await updateConversationSettings(
        slug,
        {
          conversationMode: c.mode ?? "helpfulness",
          replyCount: c.replyCount ?? 2,
          replySource: "sample",
          endpoints: [endpoint.id],
          minTurns: c.minTurns ?? 1,
          maxTurns: c.maxTurns ?? 10,
          ownOpenings: c.ownOpenings ?? false,
          ...(c.maxConcurrentGenerations ? { maxConcurrentGenerations: c.maxConcurrentGenerations } : {}),
        },
        null,
      );
    }
  }
  const labelers = [];
  for (let i = 0; i < (spec.labelers ?? 1); i += 1) {
    const email = `e2e-labeler-${suffix}-${i}@test.example`;
    await createUser({ email, role: "labeler", password: LABELER_PASSWORD }, null);
    await addProjectMember(slug, email, null);
    labelers.push({ email, password: LABELER_PASSWORD });
  }
  if (spec.answerAll) {
    const users = await db.user.findMany({ where: { email: { in: labelers.map((l) => l.email) } } });
    for (const [index, { email }] of labelers.entries()) {
      const user = users.find((u) => u.email === email)!;
      const session = { id: user.id, email: user.email, name: user.name, role: user.role };
      for (;;) {
        const task = await claimNextTask(session, slug);
        if (!task) break;
        const completions = await db.completion.findMany({
          where: { itemId: task.item.id, position: { not: null } },
          orderBy: { position: "asc" },
        });
        const order = completions.map((c) => c.id);
        if (spec.answerAll.reversed?.includes(index)) order.reverse();
        await submitAnnotation(session, task.id, randomUUID(), {
          ranking: order.map((id) => [id]),
          ...(spec.likertEnabled ? { ratings: { [order[0]!]: 7, [order[order.length - 1]!]: 2 } } : {}),
        });
      }
    }
  }
  process.stdout.write(JSON.stringify({ slug, labelers }));
  await db.$disconnect();
}

void main();
