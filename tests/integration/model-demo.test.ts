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

    const again = await seedModelDemo({ kind: "stand-in", baseUrl: stub.url });
    expect(again.prompts.added).toBe(0);
    expect(again.job).toMatchObject({ status: "completed", requests: 0 });
    expect(again.answers).toBe(0);
  }, 60_000);
});
