// Judge–human agreement against real PostgreSQL: human answers through the queue, three judges
// written as runs leave them (a well-formed one, a position-biased one, a malformed one), read
// back through the report's SQL, the CLI and the route. Every figure is worked out by hand.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as agreementRoute } from "@/app/api/projects/[slug]/judges/[name]/agreement/route";
import { createApiToken } from "@/lib/server/auth/api-tokens";
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { judgeAgreementReport } from "@/lib/server/judges/judge-agreement";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { makeMember, makeProject, makeUser, uniqueSuffix } from "../support/factories";
import { judgeItem, makeJudge, type OrderAnswer } from "../support/judge-factories";
import { runCli } from "../support/run-cli";

afterAll(() => db.$disconnect());

type Item = Awaited<ReturnType<typeof loadItems>>[number];

// Eight items, n = 0..7: a "strong" (longer) and a "weak" reply, strong first on even n.
// Prompts: n 0–3 short (< 200 characters), 4–5 medium (200–1000), 6–7 long (> 1000).
async function importItems(slug: string) {
  const promptOf = (n: number) => `Question ${n} ${"?".repeat(n < 4 ? 10 : n < 6 ? 500 : 1200)}`;
  await addItems(
    slug,
    Array.from({ length: 8 }, (_, n) => {
      const strong = { model: "strong", text: `A careful, complete answer to question ${n}.` };
      const weak = { model: "weak", text: `Short ${n}.` };
      return {
        externalId: `ja-${uniqueSuffix()}-${n}`,
        messages: [{ role: "user" as const, content: promptOf(n) }],
        completions: n % 2 === 0 ? [strong, weak] : [weak, strong],
      };
    }),
  );
}

async function loadItems(projectId: string) {
  const items = await db.item.findMany({
    where: { projectId },
    include: { completions: { orderBy: { position: "asc" } } },
    orderBy: { number: "asc" },
  });
  return items.map((item) => {
    const strong = item.completions.find((c) => c.model === "strong")!.id;
    const weak = item.completions.find((c) => c.model === "weak")!.id;
    return { ...item, strong, weak };
  });
}

describe("judgeAgreementReport", () => {
  let slug: string;
  let items: Item[];

  beforeAll(async () => {
    const project = await makeProject("ranking", 2);
    slug = project.slug;
    await importItems(slug);
    items = await loadItems(project.id);
    // Two labelers prefer the strong reply everywhere, except the second one on item 7; the
    // first flags item 0's weak reply as harmful.
    const labelers = [await makeMember(slug), await makeMember(slug)];
    for (const [l, labeler] of labelers.entries()) {
      for (let task = await claimNextTask(labeler, slug); task; task = await claimNextTask(labeler, slug)) {
        const n = items.findIndex((i) => i.id === task!.item.id);
        const item = items[n]!;
        const strongWins = !(l === 1 && n === 7);
        await submitAnnotation(labeler, task.id, randomUUID(), {
          ranking: strongWins ? [[item.strong], [item.weak]] : [[item.weak], [item.strong]],
          flags: l === 0 && n === 0 ? { [item.weak]: ["harmful"] } : undefined,
        });
      }
    }
    const strongFirst = (i: Item): OrderAnswer => [[i.strong], [i.weak]];
    // good: consistent, prefers the strong reply except on item 3.
    const good = await makeJudge(slug, "good");
    for (const [n, item] of items.entries()) {
      const verdict: OrderAnswer = n === 3 ? [[item.weak], [item.strong]] : strongFirst(item);
      await judgeItem(good, item, [verdict, verdict], { rationale: n === 3 ? "Shorter is <b>better</b>." : "Fine." });
    }
    // biased: always the first reply shown; in the swapped order that is the other one.
    const biased = await makeJudge(slug, "biased");
    for (const item of items) {
      const [first, second] = item.completions.map((c) => c.id);
      await judgeItem(biased, item, [
        [[first!], [second!]],
        [[second!], [first!]],
      ]);
    }
    // malformed: items 0–3 unparsed in the first order, 4–5 in both, 6–7 parsed in both.
    const malformed = await makeJudge(slug, "malformed");
    for (const [n, item] of items.entries()) {
      const garbage = { unparsed: "I think both are nice!" };
      const orders: [OrderAnswer, OrderAnswer] =
        n < 4 ? [garbage, strongFirst(item)] : n < 6 ? [garbage, garbage] : [strongFirst(item), strongFirst(item)];
      await judgeItem(malformed, item, orders);
    }
  }, 60_000);

  it("measures a well-formed judge against the humans", async () => {
    const report = await judgeAgreementReport({ slug, judge: "good" });
    // Judge vs each of 2 answers on 8 items: 16 comparisons. Agreeing: 2 on each of items
    // 0,1,2,4,5,6 (12), 0 on item 3, 1 on item 7 (labelers split): 13.
    expect(report).toMatchObject({ judge: "good", comparisons: 16, agreeing: 13, items: 8, kappaPairs: 7 });
    expect(report.agreement).toBeCloseTo(13 / 16, 12);
    // Pairs with a majority: items 0–6 (item 7 is split). Verdicts in item order (first/second):
    // judge f s f f f s f, majority f s f s f s f: po = 6/7; marginals judge f 5/7 s 2/7,
    // majority f 4/7 s 3/7: pe = 20/49 + 6/49 = 26/49; kappa = (42 − 26) / (49 − 26) = 16/23.
    expect(report.kappa).toBeCloseTo(16 / 23, 12);
    expect(report.swapConsistency).toBe(1);
    expect(report.swap).toMatchObject({ items: 8, bothParsed: 8, consistent: 8, unparsedOrders: 0 });
    // Strong is longer everywhere: the judge picks it 7 of 8 times, the answers 15 of 16.
    expect(report.lengthBias).toMatchObject({ pairs: 8, judgeLonger: 7, judgeDecided: 8, humanLonger: 15 });
    expect(report.lengthBias.difference).toBeCloseTo(7 / 8 - 15 / 16, 12);
    expect(report.ci95![0]).toBeLessThanOrEqual(13 / 16);
    expect(report.ci95![1]).toBeGreaterThanOrEqual(13 / 16);

    const slice = (s: { key: string; agreeing: number; comparisons: number }) => [s.key, s.agreeing, s.comparisons];
    expect(report.slices.models.map(slice)).toEqual([["strong vs weak", 13, 16]]);
    // Item 0 is flagged harmful: 2/2 there; the other seven items: 11/14.
    expect(report.slices.flags.map((s) => [s.flag, s.flagged, s.agreeing, s.comparisons])).toEqual([
      ["harmful", true, 2, 2],
      ["harmful", false, 11, 14],
    ]);
    expect(report.slices.promptLength.map(slice)).toEqual([
      ["<200", 6, 8],
      ["200–1000", 4, 4],
      [">1000", 3, 4],
    ]);

    // Item 3 (number 4) is the one disagreement, with its rationale and texts.
    expect(report.disagreements.total).toBe(1);
    const [row] = report.disagreements.rows;
    expect(row).toMatchObject({
      itemId: items[3]!.id,
      number: items[3]!.number,
      contradicted: 1,
      majorityPairs: 1,
      judge: [[items[3]!.weak], [items[3]!.strong]],
      rationale: "Shorter is <b>better</b>.",
      pairs: [{ judge: "first", majority: "second" }],
    });
    expect(row!.humans).toHaveLength(2);
    expect(row!.prompt).toMatch(/^Question 3 \?+$/);
    expect(row!.completions.map((c) => [c.model, c.length, c.text])).toEqual([
      ["weak", 8, "Short 3."],
      ["strong", 41, "A careful, complete answer to question 3."],
    ]);
  });

  it("shows a position-biased judge's low swap consistency, and pages its disagreements", async () => {
    const report = await judgeAgreementReport({ slug, judge: "biased", page: { offset: 2, limit: 2 } });
    // Each item's two orders contradict each other: none consistent; the combined verdict (a
    // tie) agrees with no answer, and contradicts the majority on the seven items that have one.
    expect(report.swapConsistency).toBe(0);
    expect(report.swap).toMatchObject({ items: 8, bothParsed: 8, consistent: 0, shareOfParsed: 0 });
    expect(report).toMatchObject({ comparisons: 16, agreeing: 0, agreement: 0 });
    expect(report.disagreements.total).toBe(7);
    expect(report.disagreements.rows.map((r) => r.number)).toEqual([items[2]!.number, items[3]!.number]);
    expect(report.disagreements).toMatchObject({ offset: 2, limit: 2 });
  });

  it("counts a malformed judge's unparsed answers and guesses none", async () => {
    const report = await judgeAgreementReport({ slug, judge: "malformed" });
    // Orders: 4 unparsed (items 0–3) + 4 (items 4–5, both): 8; both parsed on items 6–7 only.
    expect(report.swap).toMatchObject({
      items: 8,
      bothParsed: 2,
      consistent: 2,
      unparsedOrders: 8,
      failedOrders: 0,
      missingOrders: 0,
      unparsedItems: 6,
      shareOfParsed: 1,
    });
    expect(report.swapConsistency).toBe(2 / 8);
    // Items 4–5 have no verdict at all: left out. Items 0–3 and 6–7: 12 comparisons, all
    // agreeing but one (item 7's second labeler).
    expect(report.coverage).toEqual({ judged: 8, unparsed: 2, withoutHumans: 0 });
    expect(report).toMatchObject({ comparisons: 12, agreeing: 11, items: 6 });
  });

  it("answers the CLI and the route with the same report", async () => {
    const cli = runCli(["judge", "agreement", "--project", slug, "--judge", "good"]);
    expect(cli.code).toBe(0);
    const printed = JSON.parse(cli.stdout) as Record<string, unknown>;
    expect(Object.keys(printed)).toEqual(
      expect.arrayContaining(["agreement", "ci95", "kappa", "swapConsistency", "comparisons"]),
    );
    expect(printed).toEqual(await judgeAgreementReport({ slug, judge: "good" }));

    // Several judges and none named: refused, naming them.
    const unnamed = runCli(["judge", "agreement", "--project", slug]);
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toMatch(/has 3 judges: name one with --judge \(biased, good, malformed\)/);
    const unknown = runCli(["judge", "agreement", "--project", slug, "--judge", "nobody"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no judge named nobody in project/);
    expect(runCli(["judge", "agreement", "--project", slug, "--judge", "good", "--limit", "0"]).code).toBe(2);

    const admin = await makeUser("admin");
    const { token } = await createApiToken(admin.email, null);
    const call = (name: string, query = "", bearer = token) =>
      agreementRoute(
        new Request(`http://localhost/api/projects/${slug}/judges/${name}/agreement${query}`, {
          headers: { authorization: `Bearer ${bearer}` },
        }),
        { params: Promise.resolve({ slug, name }) },
      );
    const answer = await call("biased", "?offset=6&limit=5");
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as Awaited<ReturnType<typeof judgeAgreementReport>>;
    expect(body).toEqual(await judgeAgreementReport({ slug, judge: "biased", page: { offset: 6, limit: 5 } }));
    expect(body.disagreements.rows).toHaveLength(1);
    expect((await call("nobody")).status).toBe(404);
    expect((await call("good", "?limit=101")).status).toBe(400);
    expect((await call("bad\u0000name")).status).toBe(404);
    const labeler = await makeUser("labeler");
    expect((await call("good", "", (await createApiToken(labeler.email, null)).token)).status).toBe(403);
  });

  it("takes a project's only judge, and has no figures before human answers", async () => {
    const project = await makeProject("ranking", 2);
    await importItems(project.slug);
    const [item, tied] = await loadItems(project.id);
    const judge = await makeJudge(project.slug, "only");
    await judgeItem(judge, item!, [
      [[item!.strong], [item!.weak]],
      [[item!.strong], [item!.weak]],
    ]);
    // A tie listed in another order in the swapped answer is the same verdict.
    await judgeItem(judge, tied!, [[[tied!.strong, tied!.weak]], [[tied!.weak, tied!.strong]]], {
      combined: [[tied!.strong, tied!.weak]],
    });
    const cli = runCli(["judge", "agreement", "--project", project.slug]);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({
      judge: "only",
      agreement: null,
      ci95: null,
      kappa: null,
      swapConsistency: 1,
      comparisons: 0,
      swap: { items: 2, bothParsed: 2, consistent: 2 },
      coverage: { judged: 2, unparsed: 0, withoutHumans: 2 },
    });
    const none = await makeProject("ranking", 2);
    const refused = runCli(["judge", "agreement", "--project", none.slug]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(`project ${none.slug} has no judge`);
  });
});
