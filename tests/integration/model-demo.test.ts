// The demo's models in the loop, offline: the stand-in's endpoints, a ranking project of
// prompts generated from them, and rankings, so that labeling and the leaderboard have data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { MODEL_DEMO_SLUG, seedModelDemo } from "../../prisma/seed/model-demo";
import { seedDemo } from "../../prisma/seed/seed-demo";
import { startOpenAIStub, type OpenAIStub } from "../../scripts/openai-stub/stub-server";

let stub: OpenAIStub;
beforeAll(async () => {
  stub = await startOpenAIStub({});
  await seedDemo();
});
afterAll(async () => {
  await stub.close();
  await db.$disconnect();
});

describe("the demo's models", () => {
  it("generates the prompts from the stand-in's three models and ranks most of them, once", async () => {
    const first = await seedModelDemo({ kind: "stand-in", baseUrl: stub.url });
    expect(first.endpoints).toEqual(["demo-careful", "demo-terse", "demo-rambling"]);
    expect(first.job).toMatchObject({ status: "completed", completions: 36, failed: 0 });
    const items = await db.item.findMany({
      where: { project: { slug: MODEL_DEMO_SLUG } },
      include: { completions: true },
    });
    expect(items).toHaveLength(12);
    for (const item of items) {
      expect(item.completions.map((c) => c.model).sort()).toEqual(["demo-careful", "demo-rambling", "demo-terse"]);
    }
    expect(first.answers).toBe(8 * 3);
    // The demo judge asked about every item in both orders, and answered consistently.
    const run = await db.judgeRun.findFirstOrThrow({ where: { judge: { name: "demo-judge" } } });
    expect(run).toMatchObject({ status: "completed", items: 12, failed: 0, unparsed: 0 });
    expect(await db.judgeVerdict.count({ where: { runId: run.id } })).toBe(24);
    expect(await db.judgeAnnotation.count({ where: { runId: run.id, consistent: true } })).toBe(12);
    // Two conversation projects talking to the first two models, one with openings to start from.
    expect(first.conversations).toEqual({
      projects: ["chat-helpfulness", "chat-red-team"],
      openings: { added: 4, duplicates: 0 },
    });
    const chat = await db.project.findUniqueOrThrow({ where: { slug: "chat-red-team" } });
    expect(chat).toMatchObject({
      kind: "conversation",
      conversationMode: "red_team",
      replySource: "models",
      replyCount: 2,
    });
    expect(chat.replyEndpointIds).toHaveLength(2);

    const again = await seedModelDemo({ kind: "stand-in", baseUrl: stub.url });
    expect(again.prompts.added).toBe(0);
    expect(again.job).toMatchObject({ status: "completed", requests: 0 });
    expect(again.answers).toBe(0);
    expect(await db.judgeRun.count({ where: { judge: { name: "demo-judge" } } })).toBe(1);
    expect(again.conversations.openings).toEqual({ added: 0, duplicates: 4 });
  }, 60_000);
});
