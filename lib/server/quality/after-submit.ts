import "server-only";
import { inTransaction, pool } from "@/lib/server/db/client";
import { recordAudit } from "@/lib/server/audit-queries";
import { releaseLeases } from "@/lib/server/queue/release-leases";
import { attentionVerdict, checkAgainstGold, expectedAnswerOf } from "@/lib/domain/quality/gold-check";
import {
  lockStanding,
  markTrained,
  qualitySubmitContext,
  recentAttentionAnswers,
  updateStanding,
} from "@/lib/server/quality/quality-queries";
import { decideQualification } from "@/lib/server/quality/qualification";
import type { TrainingFeedback } from "@/lib/domain/quality/training-feedback";

export type { TrainingFeedback };

/**
 * The quality program's part of a stored answer (issue 16, docs/QUALITY.md): a qualification
 * answer may decide the labeler's qualification; an attention answer may pause them (their
 * leases go back to the queue); a training-phase answer returns its feedback. One read when
 * the project uses none of it.
 */
export async function afterQualitySubmit(annotationId: string): Promise<TrainingFeedback | null> {
  const c = await qualitySubmitContext(pool(), annotationId);
  if (!c) return null;
  if (c.gold_role === "qualification") {
    if (c.qualificationRequired) await inTransaction((tx) => decideQualification(tx, c.project_id, c.labeler_id));
    return null;
  }
  const expected = expectedAnswerOf(c.gold_answer);
  if (c.gold_role === "attention" && expected && c.attentionRate > 0) {
    const recent = await recentAttentionAnswers(pool(), c.project_id, c.labeler_id, c.attentionWindow);
    const correct = recent.map((r) => {
      const gold = expectedAnswerOf(r.gold_answer);
      return gold ? checkAgainstGold(r, gold, r.completion_ids, c.flags).correct === true : false;
    });
    const verdict = attentionVerdict(correct, c.attentionWindow, c.attentionThreshold);
    if (verdict.pause)
      await pauseLabeler(c.project_id, c.labeler_id, verdict.accuracy!, c.attentionThreshold, verdict.checks);
  }
  // Training: the labeler's first N answers (qualification answers aside) that have a gold answer to show.
  if (
    c.trainingItems > 0 &&
    c.counted_answers <= c.trainingItems &&
    (c.gold_role === "training" || c.gold_role === null)
  ) {
    if (!expected && !c.gold_explanation) return null;
    // Final before the labeler can read the expected answer (rlhf_edit_annotation: trained).
    await markTrained(pool(), annotationId);
    return {
      itemId: c.item_id,
      expected: c.gold_answer ?? null,
      explanation: c.gold_explanation,
      correct: expected
        ? checkAgainstGold({ ranking: c.ranking, flags: c.answer_flags }, expected, c.completion_ids, c.flags).correct
        : null,
      position: c.counted_answers,
      of: c.trainingItems,
    };
  }
  return null;
}

async function pauseLabeler(projectId: string, labelerId: string, accuracy: number, threshold: number, checks: number) {
  await inTransaction(async (tx) => {
    const standing = await lockStanding(tx, projectId, labelerId);
    if (standing.paused) return;
    const reason = `Attention checks: ${Math.round(accuracy * 100)}% correct over the last ${checks}, below ${Math.round(threshold * 100)}%`;
    await updateStanding(tx, projectId, labelerId, { paused: true, pauseReason: reason, pausedAt: new Date() });
    const released = await releaseLeases(tx, { labelerId, projectId });
    await recordAudit(tx, {
      actorId: null,
      action: "labeler.pause",
      entityType: "user",
      entityId: labelerId,
      projectId,
      before: { paused: false },
      after: { paused: true, reason, releasedLeases: released },
    });
  });
}
