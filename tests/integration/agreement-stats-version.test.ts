// items.agreement_stats carries a version (lib/domain/agreement/item-stats.ts). Stats of
// another version (version 1: positional arrays, no version) are stale: the report leaves
// them out and counts them, the refresh rewrites them, and the upgrade's migration converts
// them in SQL into exactly what the code now writes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIKERT_SCORES, type ItemStats } from "@/lib/domain/agreement/item-stats";
import type { AlphaState } from "@/lib/domain/agreement/krippendorff";
import {
  refreshAllStaleAgreementStats,
  refreshStaleAgreementStats,
  storeItemStats,
} from "@/lib/server/agreement/item-stats";
import { statsInputs } from "@/lib/server/agreement/item-stats-queries";
import { projectAgreement, type AgreementReport } from "@/lib/server/agreement/project-agreement";
import { db, pool } from "@/lib/server/db/client";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { makeItems, makeMember, makeProject } from "../support/factories";

afterAll(() => db.$disconnect());

const CONVERSION = readFileSync(
  path.join(__dirname, "../../prisma/migrations/20261201180000_agreement_stats_named_keys/migration.sql"),
  "utf8",
);

/** What releases before version 2 stored for the same item. */
function version1(stats: ItemStats) {
  const cells = (state: AlphaState | null, numeric: boolean) =>
    state && {
      units: state.units,
      pairableUnits: state.pairableUnits,
      cells: Object.entries(state.cells).flatMap(([a, row]) =>
        Object.entries(row).map(([b, weight]) => [numeric ? Number(a) : a, numeric ? Number(b) : b, weight]),
      ),
    };
  return {
    answers: stats.answers,
    comparisons: stats.comparisons,
    agreeing: stats.agreeing,
    ties: stats.ties,
    winner: cells(stats.winner, false),
    likert: cells(stats.likert, true),
    likertCounts: LIKERT_SCORES.map((score) => stats.likertCounts[score]),
    labelers: Object.fromEntries(
      Object.entries(stats.labelers).map(([id, l]) => [id, [l.looPairs, l.looAgree, l.lengthPairs, l.longer]]),
    ),
  };
}

let slug: string;
let projectId: string;
let fresh: AgreementReport;
/** Each item's stats as the code writes them, by item id, in seq order. */
let stored: Map<string, ItemStats>;

async function storedStats(): Promise<Map<string, ItemStats>> {
  const { rows } = await pool().query<{ id: string; stats: ItemStats }>(
    "SELECT id, agreement_stats AS stats FROM items WHERE project_id = $1 ORDER BY seq",
    [projectId],
  );
  return new Map(rows.map((r) => [r.id, r.stats]));
}

async function storeVersion1(itemIds: string[]) {
  for (const id of itemIds)
    await pool().query("UPDATE items SET agreement_stats = $2 WHERE id = $1", [id, version1(stored.get(id)!)]);
}

beforeAll(async () => {
  // Comparisons with Likert, three labelers per item: winner (nominal) and Likert (interval) cells.
  const project = await makeProject("comparison", 3);
  slug = project.slug;
  projectId = project.id;
  await db.project.update({ where: { id: project.id }, data: { likertEnabled: true } });
  await makeItems(slug, 4);
  const labelers = [await makeMember(slug), await makeMember(slug), await makeMember(slug)];
  let n = 0;
  for (let busy = true; busy;) {
    busy = false;
    for (const labeler of labelers) {
      const task = await claimNextTask(labeler, slug);
      if (!task) continue;
      busy = true;
      n += 1;
      const [first, second] = task.item.completions.map((c) => c.id).sort();
      const [winner, loser] = n % 3 ? [first!, second!] : [second!, first!];
      await submitAnnotation(labeler, task.id, randomUUID(), {
        ranking: [[winner], [loser]],
        strength: 2,
        ratings: { [winner]: 4 + (n % 4), [loser]: 1 + (n % 3) },
      });
    }
  }
  fresh = await projectAgreement(slug);
  stored = await storedStats();
});

describe("agreement stats of another version", () => {
  it("are written as version 2 with named keys on submit", () => {
    expect(fresh).toMatchObject({ annotations: 12, staleItems: 0 });
    for (const stats of stored.values()) {
      expect(stats).toMatchObject({ version: 2, answers: 3 });
      expect(Object.keys(stats.likertCounts).sort()).toEqual([...LIKERT_SCORES]);
      for (const labeler of Object.values(stats.labelers))
        expect(Object.keys(labeler).sort()).toEqual(["lengthPairs", "longer", "looAgree", "looPairs"]);
    }
  });

  it("count as stale, are left out of the figures, and the refresh restores the fresh report", async () => {
    const [oldId] = [...stored.keys()];
    const old = stored.get(oldId!)!;
    await storeVersion1([oldId!]);
    const report = await projectAgreement(slug);
    expect(report.staleItems).toBe(1);
    expect(report.pairwise!.comparisons).toBe(fresh.pairwise!.comparisons - old.comparisons);
    expect(report.winnerAlpha!.units).toBe(fresh.winnerAlpha!.units - 1);
    expect(report.likertAlpha!.units).toBe(fresh.likertAlpha!.units - 2);
    expect(report.likertCounts.reduce((s, n) => s + n, 0)).toBe(fresh.likertCounts.reduce((s, n) => s + n, 0) - 6);
    // Its answer count equals the item's: only the version makes it stale.
    expect(await refreshStaleAgreementStats(projectId)).toBe(1);
    expect(await projectAgreement(slug)).toEqual(fresh);
    expect(await storedStats()).toEqual(stored);

    // Every item in the old shape: nothing left to report until the background refresh runs.
    await storeVersion1([...stored.keys()]);
    const empty = await projectAgreement(slug);
    expect(empty).toMatchObject({
      staleItems: 4,
      annotations: 12,
      pairwise: null,
      winnerAlpha: null,
      likertAlpha: null,
      likertCounts: [0, 0, 0, 0, 0, 0, 0],
    });
    expect(empty.labelers.map((l) => l.agreementWithOthers)).toEqual([null, null, null]);
    expect(await refreshAllStaleAgreementStats()).toBeGreaterThanOrEqual(4);
    expect(await projectAgreement(slug)).toEqual(fresh);
    expect(await storedStats()).toEqual(stored);
  });

  it("are replaced by a submit's write at an equal answer count; an older snapshot never replaces newer stats", async () => {
    const [itemId] = [...stored.keys()];
    const [input] = await statsInputs(pool(), [itemId!]);
    await storeVersion1([itemId!]);
    await storeItemStats(itemId!, "comparison", { answers: input!.answers, lengths: input!.lengths });
    expect((await storedStats()).get(itemId!)).toEqual(stored.get(itemId!));
    // A snapshot taken before the last answer (same version, fewer answers) loses.
    await storeItemStats(itemId!, "comparison", { answers: input!.answers.slice(0, 2), lengths: input!.lengths });
    expect((await storedStats()).get(itemId!)).toEqual(stored.get(itemId!));
  });

  it("are converted by the upgrade's migration into exactly what the code writes", async () => {
    await storeVersion1([...stored.keys()]);
    expect((await projectAgreement(slug)).staleItems).toBe(4);
    await pool().query(CONVERSION);
    expect(await storedStats()).toEqual(stored);
    expect(await projectAgreement(slug)).toEqual(fresh);
  });
});
