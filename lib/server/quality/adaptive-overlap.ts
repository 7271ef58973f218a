import "server-only";
import { goldScore } from "@/lib/domain/gold";
import {
  ACCURACY_WINDOW,
  DEFAULT_LIKERT_SPREAD_LIMIT,
  decideOverlap,
  labelerAccuracy,
  type OverlapAnswer,
  type OverlapDecision,
  type OverlapPolicy,
} from "@/lib/domain/quality/adaptive-overlap";
import type { Queryable } from "@/lib/server/db/query";
import {
  addOpenSlot,
  itemAnswersWithGold,
  lockItemSlots,
  projectItemAnswers,
} from "@/lib/server/quality/overlap-queries";

// Adaptive overlap in the queue (issue 16 point 5, docs/QUALITY.md "Wiring"). Items start with
// overlapMin slots (the project's `overlap` is overlapMin while the bounds are set); after each
// answer the rule decides, and `more` opens one slot. Items a judge routed (items.target_overlap,
// docs/JUDGES.md) keep their target: the rule leaves them alone.

/** Only comparisons and rankings have a winner the rule can certify. */
export const ADAPTIVE_KINDS = ["comparison", "ranking"] as const;

export function adaptivePolicy(s: {
  kind: string;
  overlapMin: number | null;
  overlapMax: number | null;
  overlapThreshold: number;
  overlapConfidence?: number | null;
}): OverlapPolicy | null {
  if (s.overlapMin === null || s.overlapMax === null) return null;
  if (!(ADAPTIVE_KINDS as readonly string[]).includes(s.kind)) return null;
  return {
    overlapMin: s.overlapMin,
    overlapMax: s.overlapMax,
    winnerShareThreshold: s.overlapThreshold,
    likertSpreadLimit: DEFAULT_LIKERT_SPREAD_LIMIT,
    confidence: s.overlapConfidence ?? null,
  };
}

/**
 * Decides on an item's answers and opens one slot when the rule says `more`. Runs in the
 * transaction of the submit that stored the latest answer, after it, so the item's lock
 * (taken by rlhf_submit_annotation) is still held: the answers are all of them, the slot
 * count is current, and two submits of one item decide one after the other.
 *
 * The item should have at least answers + 1 slots after `more` (the answer in hand used one),
 * and never more than overlapMax: a stale or repeated decision therefore adds nothing, and
 * "one more labeler" (an admin's extra slot) counts as the slot it would have added.
 */
export async function applyAdaptiveOverlap(
  tx: Queryable,
  a: { projectId: string; itemId: string; policy: OverlapPolicy; completionIds: string[]; answers: OverlapAnswer[] },
): Promise<{ decision: OverlapDecision; added: boolean } | null> {
  const item = await lockItemSlots(tx, a.itemId);
  // A judge's target wins; a gold item with a role is served outside the overlap (docs/QUALITY.md).
  if (!item || item.targetOverlap !== null || item.goldRole !== null || item.status === "archived") return null;
  // The weighted rule reads each answer's labeler's gold record (under the lock just taken).
  const answers = a.policy.confidence ? await weightedAnswers(tx, a.itemId) : a.answers;
  const decision = decideOverlap(a.completionIds, answers, a.policy);
  const wanted = Math.min(answers.length + 1, a.policy.overlapMax);
  const added = decision.verdict === "more" && item.slots < wanted;
  if (added) await addOpenSlot(tx, a.projectId, a.itemId, item.nextIndex);
  return { decision, added };
}

/**
 * An item's answers with their labelers' accuracy: goldScore (the agreement report's gold
 * accuracy) of their latest ACCURACY_WINDOW gold answers in the project, shrunk toward the
 * prior by labelerAccuracy (a labeler without gold answers gets the prior).
 */
async function weightedAnswers(tx: Queryable, itemId: string): Promise<OverlapAnswer[]> {
  return (await itemAnswersWithGold(tx, itemId, ACCURACY_WINDOW)).map((row) => {
    const score = goldScore(row.gold);
    return { ranking: row.ranking, ratings: row.ratings, accuracy: labelerAccuracy(score.correct, score.answered) };
  });
}

/**
 * After the bounds change: every finished item the rule would still ask about gets its slot
 * (otherwise an item settled under the old overlap would wait for an answer that never comes).
 * Returns how many items reopened. Open items need nothing: their next answer decides.
 */
export async function reconsiderFinishedItems(
  tx: Queryable,
  projectId: string,
  policy: OverlapPolicy,
): Promise<number> {
  let reopened = 0;
  for (const item of await projectItemAnswers(tx, projectId, true)) {
    if (item.targetOverlap !== null || item.answers.length === 0) continue;
    const result = await applyAdaptiveOverlap(tx, {
      projectId,
      itemId: item.id,
      policy,
      completionIds: item.completionIds,
      answers: item.answers,
    });
    if (result?.added) reopened += 1;
  }
  return reopened;
}
