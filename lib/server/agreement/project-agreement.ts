import "server-only";
import { AlphaAccumulator, type AlphaResult } from "@/lib/domain/agreement/krippendorff";
import {
  addPosition,
  flagLowAgreement,
  qualityOf,
  type LabelerQuality,
  type QualityCounts,
} from "@/lib/domain/agreement/labeler-quality";
import { goldScore, type GoldAttempt, type GoldScore } from "@/lib/domain/gold";
import { pooledPairwiseAgreement, type ProjectAgreement } from "@/lib/domain/agreement/pairwise-project";
import {
  agreementBins,
  alphaCells,
  answeredItems,
  emailsOf,
  flagCounts,
  goldAnswers,
  labelerAnswerGroups,
  pairPatterns,
  statsSums,
  storedLabelerCounts,
} from "@/lib/server/agreement/agreement-queries";
import { staleAgreementItems } from "@/lib/server/agreement/item-stats";
import { requireProject } from "@/lib/server/projects/require-project";
import { turnConsistency, type TurnConsistency } from "@/lib/domain/agreement/turn-consistency";
import { selectReviewedTurns } from "@/lib/server/agreement/turn-consistency-queries";
import { pool } from "@/lib/server/db/client";

export interface AgreementReport {
  project: string;
  kind: string;
  annotations: number;
  itemsWithAnswers: number;
  /**
   * Items whose stored stats miss an answer or are of another version: the former count as
   * stored, the latter are left out of the figures, until the refresh reaches them.
   */
  staleItems: number;
  /** InstructGPT-style pairwise preference agreement with a 95% bootstrap interval. */
  pairwise: ProjectAgreement | null;
  /** Krippendorff's alpha on which completion won (comparisons: A, B or tie). */
  winnerAlpha: AlphaResult | null;
  /** Krippendorff's alpha (interval) on Likert ratings, units = (item, completion). */
  likertAlpha: AlphaResult | null;
  /** Share of (answer, completion) judgements that carry each flag. */
  flagRates: Record<string, number>;
  /** Scores 1..7 given (index 0 = score 1). */
  likertCounts: number[];
  /** Items by their stored pairwise agreement in ten bins [0, 0.1) ... [0.9, 1]. */
  itemAgreementBins: number[];
  /** Per labeler (by email): agreement with the others' consensus, gold accuracy, position and length bias. */
  labelers: (LabelerQuality & { email: string; gold: GoldScore })[];
  /**
   * Conversation projects: how consistent the turn-level choices are, on the turns other
   * labelers answered again in the review project (docs/CONVERSATIONS.md, "Agreement").
   */
  turnConsistency?: TurnConsistency | null;
}

/**
 * The agreement report of a project, summed from what each item stores when it is
 * answered (lib/domain/agreement/item-stats.ts) by a handful of aggregate queries side by
 * side. Its cost grows with the number of distinct values, not with the number of answers
 * held in memory. A read only: items whose stored stats miss an answer or are of another
 * version (left out) are counted (staleItems), and repaired by refreshStaleAgreementStats,
 * never here.
 */
export async function projectAgreement(slug: string): Promise<AgreementReport> {
  const project = await requireProject(slug);
  const consistency =
    project.kind === "conversation" ? turnConsistency(await selectReviewedTurns(pool(), project.id)) : null;
  const [stale, patterns, cells, sums, perLabeler, flagRows, answered, gold, bins] = await Promise.all([
    staleAgreementItems(project.id),
    pairPatterns(project.id),
    alphaCells(project.id),
    statsSums(project.id),
    labelerCounts(project.id),
    flagCounts(project.id),
    answeredItems(project.id),
    goldAnswers(project.id),
    agreementBins(project.id),
  ]);
  // A labeler whose answers are all quality checks (behind a qualification, say) keeps a row
  // for their gold accuracy, with no agreement figures.
  for (const g of gold) if (!perLabeler.has(g.labelerId)) perLabeler.set(g.labelerId, noAnswers());
  const emailOf = await emailsOf([...perLabeler.keys()]);
  const coders = {
    winner: [...perLabeler.values()].filter((l) => l.ranked).length,
    likert: [...perLabeler.values()].filter((l) => l.rated).length,
  };
  const annotationCount = [...perLabeler.values()].reduce((s, l) => s + l.answers, 0);
  const alphaOf = (which: "winner" | "likert", level: "nominal" | "interval"): AlphaResult | null => {
    if (sums[which].units === 0) return null;
    const alpha = new AlphaAccumulator(level);
    alpha.merge({ ...sums[which], cells: cells[which] });
    alpha.setCoders(Array.from({ length: coders[which] }, (_, i) => String(i)));
    return alpha.result();
  };
  const flagCountOf = new Map(flagRows.map((f) => [f.flag, f.n]));
  const judged = [...perLabeler.values()].reduce((s, l) => s + l.judged, 0);
  const goldOf = new Map<string, GoldAttempt[]>();
  for (const g of gold) {
    const attempts = goldOf.get(g.labelerId) ?? [];
    attempts.push({ ranking: g.top === null ? null : [g.top], gold: g.gold, times: g.times });
    goldOf.set(g.labelerId, attempts);
  }
  const itemAgreementBins = Array.from({ length: 10 }, () => 0);
  for (const b of bins) itemAgreementBins[b.bin] = b.n;
  const pairCounts = patterns.flatMap((p) =>
    Array.from({ length: p.n }, () => ({ comparisons: p.comparisons, agreeing: p.agreeing, withTies: p.ties })),
  );
  return {
    project: slug,
    kind: project.kind,
    annotations: annotationCount,
    itemsWithAnswers: answered,
    staleItems: stale,
    pairwise: pairCounts.length ? pooledPairwiseAgreement(pairCounts) : null,
    winnerAlpha: project.kind === "comparison" ? alphaOf("winner", "nominal") : null,
    likertAlpha: alphaOf("likert", "interval"),
    flagRates: Object.fromEntries(
      (project.flags ?? []).map((flag) => [flag, judged ? (flagCountOf.get(flag) ?? 0) / judged : 0]),
    ),
    likertCounts: sums.likertCounts,
    itemAgreementBins,
    labelers: flagLowAgreement([...perLabeler].map(([labeler, counts]) => qualityOf(labeler, counts))).map((q) => ({
      ...q,
      email: emailOf.get(q.labeler) ?? q.labeler,
      gold: goldScore(goldOf.get(q.labeler) ?? []),
    })),
    ...(consistency ? { turnConsistency: consistency } : {}),
  };
}

/** A labeler's counts before any answer. */
const noAnswers = (): QualityCounts & { ranked: number; rated: number; judged: number } => ({
  answers: 0,
  ranked: 0,
  rated: 0,
  judged: 0,
  winners: 0,
  firstWins: 0,
  expected: 0,
  pairs: 0,
  agree: 0,
  lengthPairs: 0,
  longer: 0,
});

/**
 * Each labeler's quality counts in a project (or one labeler's), from their answers
 * (position bias, volumes) and from what each item stores (leave-one-out and length counts).
 */
export async function labelerCounts(
  projectId: string,
  labelerId: string | null = null,
): Promise<Map<string, QualityCounts & { ranked: number; rated: number; judged: number }>> {
  const [own, stored] = await Promise.all([
    labelerAnswerGroups(projectId, labelerId),
    storedLabelerCounts(projectId, labelerId),
  ]);
  const storedOf = new Map(stored.map((l) => [l.labelerId, l]));
  const counts = new Map<string, QualityCounts & { ranked: number; rated: number; judged: number }>();
  for (const row of own) {
    let c = counts.get(row.labelerId);
    if (!c) {
      const mine = storedOf.get(row.labelerId);
      c = {
        ...noAnswers(),
        pairs: mine?.looPairs ?? 0,
        agree: mine?.looAgree ?? 0,
        lengthPairs: mine?.lengthPairs ?? 0,
        longer: mine?.longer ?? 0,
      };
      counts.set(row.labelerId, c);
    }
    c.answers += row.answers;
    c.ranked += row.ranked;
    c.rated += row.rated;
    c.judged += row.position.shown * row.answers;
    addPosition(c, row.position, row.answers);
  }
  return counts;
}

/** One labeler's quality in one project (the labeler page): their row of the project's report. */
export async function labelerQualityIn(projectId: string, labelerId: string): Promise<LabelerQuality | null> {
  const counts = (await labelerCounts(projectId, labelerId)).get(labelerId);
  return counts && counts.ranked ? qualityOf(labelerId, { ...counts, answers: counts.ranked }) : null;
}
