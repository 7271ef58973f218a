// The model leaderboard on real answers: submitted through the queue, summed in SQL, and
// checked against the pure reference (lib/domain/leaderboard) applied to every answer.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as leaderboardRoute } from "@/app/api/projects/[slug]/leaderboard/route";
import { seededRandom } from "@/lib/domain/agreement/pairwise-project";
import { buildLeaderboard } from "@/lib/domain/leaderboard/leaderboard";
import { rankingPairOutcomes } from "@/lib/domain/leaderboard/pair-outcomes";
import { createApiToken } from "@/lib/server/auth/api-tokens";
import { pool, db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { projectLeaderboard } from "@/lib/server/leaderboard/project-leaderboard";
import {
  computeProjectSummary,
  storedProjectSummary,
  refreshProjectSummary,
} from "@/lib/server/projects/project-summary";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { makeMember, makeProject, makeUser, uniqueSuffix } from "../support/factories";
import { runCli } from "../support/run-cli";

afterAll(() => db.$disconnect());

const QUALITY: Record<string, number> = { strong: 2, mid: 1, weak: 0 };

/** Items whose completions name their models, in a shuffled order; `strong` twice (two samples). */
async function importModelItems(slug: string, count: number) {
  const random = seededRandom(5);
  const models = ["strong", "mid", "weak", "strong"];
  await addItems(
    slug,
    Array.from({ length: count }, (_, n) => {
      const order = [...models].sort(() => random() - 0.5);
      return {
        externalId: `lb-${uniqueSuffix()}-${n}`,
        messages: [{ role: "user" as const, content: `Question ${n}` }],
        completions: order.map((model, k) => ({
          model,
          text: `${model} answer ${n}.${k} ${"x".repeat(10 * QUALITY[model]!)}`,
        })),
      };
    }),
  );
}

/** Every labeler answers every item it is served: better models usually first, with noise and ties. */
async function rankAll(slug: string, labelers: Awaited<ReturnType<typeof makeMember>>[]) {
  const random = seededRandom(17);
  for (let busy = true; busy;) {
    busy = false;
    for (const labeler of labelers) {
      const task = await claimNextTask(labeler, slug);
      if (!task) continue;
      busy = true;
      const completions = await db.completion.findMany({ where: { itemId: task.item.id, position: { not: null } } });
      // A score per completion, rounded so that equal scores make a tie group.
      const scored = completions.map((c) => ({
        id: c.id,
        score: Math.round(QUALITY[c.model!]! + 1.6 * (random() - 0.5)),
      }));
      const scores = [...new Set(scored.map((s) => s.score))].sort((a, b) => b - a);
      const ranking = scores.map((s) => scored.filter((x) => x.score === s).map((x) => x.id));
      const rewrite =
        random() < 0.3 ? { completionId: completions[0]!.id, text: "A labeler's better reply." } : undefined;
      await submitAnnotation(labeler, task.id, randomUUID(), { ranking, rewrite });
    }
  }
}

/** The reference: every answer read back, its pairs by the domain, one cluster per item (id order). */
async function expectedLeaderboard(projectId: string) {
  const items = await db.item.findMany({
    where: { projectId },
    include: { completions: true, annotations: true },
  });
  items.sort((a, b) => (a.id < b.id ? -1 : 1));
  const lengths = new Map<string, number[]>();
  const clusters = items.map((item) => {
    const modelOf = new Map(item.completions.map((c) => [c.id, c.position === null ? null : c.model]));
    for (const c of item.completions) {
      if (c.position === null || !c.model) continue;
      lengths.set(c.model, [...(lengths.get(c.model) ?? []), [...c.text].length]);
    }
    return item.annotations.flatMap((a) =>
      rankingPairOutcomes(a.ranking as string[][], (id) => modelOf.get(id) ?? null),
    );
  });
  return buildLeaderboard(
    clusters.filter((c) => c.length > 0),
    [...lengths].map(([model, l]) => ({
      model,
      completions: l.length,
      meanLength: l.reduce((s, x) => s + x, 0) / l.length,
    })),
  );
}

describe("projectLeaderboard", () => {
  let project: Awaited<ReturnType<typeof makeProject>>;
  let before: Awaited<ReturnType<typeof projectLeaderboard>>;

  beforeAll(async () => {
    project = await makeProject("ranking", 3);
    await importModelItems(project.slug, 14);
    const labelers = [await makeMember(project.slug), await makeMember(project.slug), await makeMember(project.slug)];
    await rankAll(project.slug, labelers);
    before = await projectLeaderboard(project.slug);
  }, 60_000);

  it("equals the pure reference applied to every answer, better models first", async () => {
    expect(before).toEqual({ project: project.slug, ...(await expectedLeaderboard(project.id)) });
    expect(before.models.map((m) => m.model)).toEqual(["strong", "mid", "weak"]);
    // 14 items × 3 answers × (4 completions: 6 pairs, one of them strong–strong) = 210 comparisons.
    expect(before.comparisons).toBe(14 * 3 * 5);
    expect(before.models.find((m) => m.model === "strong")!.comparisons).toBe(14 * 3 * 4);
    expect(before.models.some((m) => m.ties > 0)).toBe(true);
    expect(before.bootstrap).toEqual({ resamples: 1000, seed: 1, clusters: 14, prior: 1 });
    const [strong, mid, weak] = before.models;
    expect(strong!.ci95[0]).toBeGreaterThan(weak!.ci95[1]);
    expect(mid!.meanLength).toBeLessThan(strong!.meanLength!);
  });

  it("never counts a labeler's rewrite as a model's output, even if it were ranked under a model's name", async () => {
    const rewrite = await db.completion.findFirstOrThrow({
      where: { item: { projectId: project.id }, position: null },
      include: { annotation: true },
    });
    await db.completion.update({ where: { id: rewrite.id }, data: { model: "weak" } });
    const ranking = rewrite.annotation!.ranking as string[][];
    await db.annotation.update({ where: { id: rewrite.annotationId! }, data: { ranking: [[rewrite.id], ...ranking] } });
    try {
      expect(await projectLeaderboard(project.slug)).toEqual(before);
    } finally {
      await db.annotation.update({ where: { id: rewrite.annotationId! }, data: { ranking } });
      await db.completion.update({ where: { id: rewrite.id }, data: { model: null } });
    }
  });

  it("is the CLI's and the API's answer, and the project page's", async () => {
    const cli = runCli(["leaderboard", "--project", project.slug]);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual(before);
    const missing = runCli(["leaderboard", "--project", "no-such-project"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no project with slug no-such-project/);
    expect(runCli(["leaderboard"]).code).toBe(2);

    const admin = await makeUser("admin");
    const { token } = await createApiToken(admin.email, null);
    const call = (slug: string, bearer = token) =>
      leaderboardRoute(
        new Request(`http://localhost/api/projects/${slug}/leaderboard`, {
          headers: { authorization: `Bearer ${bearer}` },
        }),
        {
          params: Promise.resolve({ slug }),
        },
      );
    const response = await call(project.slug);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(before);
    expect((await call("no-such-project")).status).toBe(404);
    const labeler = await makeUser("labeler");
    expect((await call(project.slug, (await createApiToken(labeler.email, null)).token)).status).toBe(403);

    expect((await computeProjectSummary(project)).leaderboard).toEqual(before);
    // Stored for a large project and read back through the summary's schema.
    await refreshProjectSummary(project);
    expect((await storedProjectSummary(project.id))!.summary.leaderboard).toEqual(before);
  });

  it("is empty, not an error, before anyone answers, and counts the models named", async () => {
    const fresh = await makeProject("comparison", 1);
    await addItems(fresh.slug, [
      {
        externalId: "a",
        messages: [{ role: "user", content: "Q" }],
        completions: [
          { model: "m1", text: "one" },
          { model: "m2", text: "two!" },
        ],
      },
    ]);
    expect(await projectLeaderboard(fresh.slug)).toMatchObject({
      models: [],
      winRates: [],
      comparisons: 0,
      modelsNamed: 2,
    });
  });
});

describe("projectLeaderboard on a few thousand answers", () => {
  it("sums them in SQL and answers within a second or two", async () => {
    // 1,000 ranked items of 4 completions by model-0..model-3, three answers each, ranked near
    // model order (the export benchmark's seed, smaller): 3,000 answers, 18,000 comparisons.
    const project = await makeProject("ranking", 3);
    const client = await pool().connect();
    try {
      await client.query("SELECT setseed(0.42)");
      await client.query(
        `INSERT INTO items (id, project_id, external_id, content_hash, messages, status)
         SELECT gen_random_uuid(), $1, 'q' || n, md5(n::text), '[{"role": "user", "content": "Q"}]'::jsonb, 'done'
           FROM generate_series(1, 1000) n`,
        [project.id],
      );
      await client.query(
        `INSERT INTO completions (id, item_id, position, text, model)
         SELECT gen_random_uuid(), i.id, k, repeat('a', 10 + k), 'model-' || k FROM items i, generate_series(0, 3) k WHERE i.project_id = $1`,
        [project.id],
      );
      const labelers = [await makeUser(), await makeUser(), await makeUser()].map((u) => u.id);
      await client.query(
        `INSERT INTO slots (id, item_id, project_id, index, state, labeler_id)
         SELECT gen_random_uuid(), i.id, $1, l - 1, 'done', ($2::uuid[])[l] FROM items i, generate_series(1, 3) l WHERE i.project_id = $1`,
        [project.id, labelers],
      );
      await client.query(
        `INSERT INTO leases (id, slot_id, item_id, project_id, labeler_id, state, expires_at, ended_at)
         SELECT gen_random_uuid(), s.id, s.item_id, $1, s.labeler_id, 'submitted', now(), now() FROM slots s WHERE s.project_id = $1`,
        [project.id],
      );
      await client.query(
        `INSERT INTO annotations (id, project_id, item_id, slot_id, lease_id, labeler_id, ranking, display_order, guideline_version, idempotency_key)
         SELECT gen_random_uuid(), $1, l.item_id, l.slot_id, l.id, l.labeler_id, r.ranking, r.display_order, 0, l.id::text
           FROM leases l CROSS JOIN LATERAL (
             SELECT jsonb_agg(jsonb_build_array(c.id::text) ORDER BY c.position + random() * 2.5) AS ranking,
                    array_agg(c.id::text ORDER BY random()) AS display_order
               FROM completions c WHERE c.item_id = l.item_id) r
          WHERE l.project_id = $1`,
        [project.id],
      );
    } finally {
      client.release();
    }
    const started = performance.now();
    const board = await projectLeaderboard(project.slug);
    const ms = performance.now() - started;
    console.log(`leaderboard of 3,000 answers (18,000 comparisons, 4 models): ${Math.round(ms)} ms`);
    expect(board.comparisons).toBe(18_000);
    expect(board.bootstrap.clusters).toBe(1000);
    expect(board.models.map((m) => m.model)).toEqual(["model-0", "model-1", "model-2", "model-3"]);
    expect(ms).toBeLessThan(5000);
  }, 60_000);
});
