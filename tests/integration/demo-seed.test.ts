import { afterAll, describe, expect, it } from "vitest";
import { projectAgreement } from "@/lib/server/agreement/project-agreement";
import { db } from "@/lib/server/db/client";
import { qualificationStatus } from "@/lib/server/quality/qualification";
import { seedDemo } from "../../prisma/seed/seed-demo";

afterAll(() => db.$disconnect());

describe("the demo's data", () => {
  it("is seeded once, with answers that give the agreement page something to show and work left to do", async () => {
    await seedDemo();
    const again = await seedDemo();
    expect(Object.values(again).every((s) => s.added === 0)).toBe(true);
    for (const slug of ["chat-comparisons", "reply-rankings"]) {
      const report = await projectAgreement(slug);
      const items = await db.item.count({ where: { project: { slug } } });
      // Three labelers on all but the last four items, once each, however often the seed runs.
      expect(report.annotations).toBe((items - 4) * 3);
      expect(report.pairwise!.agreement).toBeGreaterThan(0.6);
      expect(report.pairwise!.agreement).toBeLessThan(1);
      expect(report.labelers).toHaveLength(3);
      expect(await db.item.count({ where: { project: { slug }, status: "open" } })).toBe(4);
    }
    // Production feedback: every event stored once (a few addresses scrubbed), every down and
    // low score routed to the review project, where eight reviews are answered.
    const feedback = await db.project.findUniqueOrThrow({ where: { slug: "assistant-feedback" } });
    const events = await db.feedbackEvent.findMany({ where: { projectId: feedback.id } });
    expect(events).toHaveLength(160);
    expect(events.some((e) => JSON.stringify(e.conversation).includes("[EMAIL]"))).toBe(true);
    expect(events.some((e) => JSON.stringify(e.conversation).includes("@mail.example"))).toBe(false);
    const negative = events.filter((e) => e.thumb === false || (e.score !== null && e.score <= 2));
    expect(negative.length).toBeGreaterThan(20);
    expect(negative.every((e) => e.reviewItemId !== null)).toBe(true);
    const review = await db.project.findUniqueOrThrow({ where: { slug: "feedback-fixes" } });
    expect(await db.annotation.count({ where: { projectId: review.id } })).toBe(8);

    // The quality program: Lena passed her qualification, Omar failed it and waits, nobody else
    // started; the demonstrations project reviews everything, one accepted and one rejected.
    const status = await qualificationStatus("qualified-comparisons");
    const byEmail = Object.fromEntries(status.labelers.map((l) => [l.email, l]));
    expect(byEmail["lena@example.com"]).toMatchObject({ status: "passed", score: 1, answered: 3 });
    expect(byEmail["omar@example.com"]!.status).toBe("failed");
    expect(byEmail["omar@example.com"]!.score).toBeCloseTo(2 / 3, 9);
    expect(byEmail["yuki@example.com"]).toMatchObject({ status: "pending", answered: 0 });
    const reviews = await db.demonstrationReview.findMany({ where: { project: { slug: "helpful-demos" } } });
    expect(reviews.map((r) => r.status).sort()).toEqual(["accepted", "pending", "rejected"]);
  });
});
