import "server-only";
import { inTransaction, pool, type Tx } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";
import { requireProject } from "@/lib/server/projects/require-project";
import { checkAgainstGold, expectedAnswerOf, qualificationScore } from "@/lib/domain/quality/gold-check";
import { qualityNotice, retryAfterOf, type QualityClaimOutcome } from "@/lib/domain/quality/standing";
import {
  clearQualificationAnswers,
  goldAnswersOf,
  lockStanding,
  memberStandings,
  projectsWithStanding,
  qualitySettingsOf,
  standingOf,
  updateStanding,
  type GoldAnswerRow,
} from "@/lib/server/quality/quality-queries";
import { projectFlagsAndKind } from "@/lib/server/quality/quality-project";

// Qualification (issue 16, docs/QUALITY.md): a labeler who has not passed receives only the
// project's qualification items (rlhf_quality_slot); after the last one their score, the
// pairwise agreement with gold, decides. An admin may override; failed labelers may retry
// after the project's waiting period.

/** The 409 a claim answers when the labeler's standing gives no task; `reason` names the outcome. */
export async function qualityClaimError(outcome: QualityClaimOutcome, slug: string, userId: string) {
  let retryAfter: Date | null = null;
  if (outcome === "not_qualified") {
    const project = await requireProject(slug);
    retryAfter = (await standingOf(pool(), project.id, userId))?.retryAfter ?? null;
  }
  return new AppError("conflict", qualityNotice(outcome, retryAfter), {
    reason: outcome,
    ...(retryAfter ? { retryAfter: retryAfter.toISOString() } : {}),
  });
}

/** A failed labeler whose waiting period is over starts a new attempt (the claim asked: qualification_retry). */
export async function startQualificationRetry(slug: string, userId: string) {
  const project = await requireProject(slug);
  await inTransaction(async (tx) => {
    const standing = await lockStanding(tx, project.id, userId);
    // Another claim started it already.
    if (standing.status !== "failed" || !standing.retryAfter || standing.retryAfter > new Date()) return;
    await clearQualificationAnswers(tx, project.id, userId);
    await updateStanding(tx, project.id, userId, {
      status: "pending",
      attempt: standing.attempt + 1,
      answered: 0,
      retryAfter: null,
      grades: {},
    });
    await recordAudit(tx, {
      actorId: userId,
      action: "qualification.retry",
      entityType: "user",
      entityId: userId,
      projectId: project.id,
      before: { status: "failed", attempt: standing.attempt, score: standing.score },
      after: { status: "pending", attempt: standing.attempt + 1 },
    });
  });
}

export interface QualificationAnswer {
  itemId: string;
  number: number;
  answered: boolean;
  skipped: boolean;
  comparisons: number;
  agreeing: number;
  correct: boolean | null;
  expected: unknown;
  given: { ranking: string[][] | null; flags: Record<string, string[]> | null; text: string | null };
  /** Demonstrations: the admin's grade (null: not graded yet). */
  grade?: boolean | null;
  annotationId: string | null;
  /** The item's completions in letter order (A first), to show the answers in letters. */
  completionIds: string[];
}

/** Each qualification answer against gold (items that cannot be served are left out). */
export function answersAgainstGold(
  rows: GoldAnswerRow[],
  kind: string,
  flags: string[],
  grades: Record<string, boolean>,
): QualificationAnswer[] {
  const out: QualificationAnswer[] = [];
  for (const row of rows) {
    const expected = expectedAnswerOf(row.goldAnswer);
    const demo = kind === "demonstration";
    if (!expected && !demo) continue;
    const given = { ranking: row.ranking, flags: row.flags, text: row.text };
    const base = {
      itemId: row.itemId,
      number: row.number,
      answered: row.annotationId !== null,
      skipped: row.skipped,
      expected: row.goldAnswer ?? null,
      given,
      annotationId: row.annotationId,
      completionIds: row.completionIds,
    };
    if (demo) {
      const grade = row.annotationId ? (grades[row.annotationId] ?? null) : null;
      const counted = row.skipped || grade !== null;
      out.push({
        ...base,
        grade,
        comparisons: counted ? 1 : 0,
        agreeing: grade ? 1 : 0,
        correct: counted ? grade === true : null,
      });
      continue;
    }
    const check = checkAgainstGold(given, expected!, row.completionIds, flags);
    // A skipped item counts as answered against gold with nothing agreeing.
    out.push(row.annotationId ? { ...base, ...check } : { ...base, ...check, agreeing: 0, correct: false });
  }
  return out;
}

/**
 * Decides the labeler's qualification when every qualification item is answered or skipped
 * (and every demonstration graded): passed or failed, with each answer against gold. Runs in
 * the submit's wake and after a grade; a decided standing is left alone.
 */
export async function decideQualification(tx: Tx, projectId: string, labelerId: string) {
  const settings = await qualitySettingsOf(tx, projectId);
  const standing = await lockStanding(tx, projectId, labelerId);
  if (standing.status !== "pending") return standing.status;
  const { kind, flags } = await projectFlagsAndKind(tx, projectId);
  const answers = answersAgainstGold(
    await goldAnswersOf(tx, projectId, labelerId, "qualification"),
    kind,
    flags,
    standing.grades,
  );
  const answered = answers.filter((a) => a.answered).length;
  const open = answers.some((a) => !a.answered && !a.skipped);
  const ungraded = answers.some((a) => a.grade === null && a.answered);
  if (!answers.length || open || ungraded) {
    await updateStanding(tx, projectId, labelerId, { answered });
    return "pending";
  }
  const result = qualificationScore(answers, settings.qualificationThreshold);
  const now = new Date();
  const status = result.passed ? "passed" : "failed";
  await updateStanding(tx, projectId, labelerId, {
    status,
    score: result.score,
    answered,
    decidedAt: now,
    retryAfter: result.passed ? null : retryAfterOf(now, settings.qualificationRetryHours),
    results: answers,
  });
  await recordAudit(tx, {
    actorId: null,
    action: `qualification.${status}`,
    entityType: "user",
    entityId: labelerId,
    projectId,
    before: { status: "pending" },
    after: { status, score: result.score, answered, threshold: settings.qualificationThreshold },
  });
  return status;
}

/** decideQualification for a claim that found nothing left to serve (the last item was skipped). */
export async function decidePendingQualification(slug: string, labelerId: string) {
  const project = await requireProject(slug);
  return inTransaction((tx) => decideQualification(tx, project.id, labelerId));
}

/** `qualification status`: every member's status, score and answers counted. */
export async function qualificationStatus(slug: string) {
  const project = await requireProject(slug);
  const rows = await memberStandings(pool(), project.id);
  return { labelers: rows.map((r) => ({ email: r.email, status: r.status, score: r.score, answered: r.answered })) };
}

/** The labeler page's view: the standing and each qualification answer against gold. */
export async function labelerQualification(projectId: string, labelerId: string) {
  const standing = await standingOf(pool(), projectId, labelerId);
  const { kind, flags } = await projectFlagsAndKind(pool(), projectId);
  const answers = answersAgainstGold(
    await goldAnswersOf(pool(), projectId, labelerId, "qualification"),
    kind,
    flags,
    standing?.grades ?? {},
  );
  return { standing, answers, kind };
}

export type OverrideAction = "pass" | "fail" | "unpause";

/** An admin's override of a labeler's standing, recorded in the audit log with the reason. */
export async function overrideStanding(
  slug: string,
  labelerId: string,
  input: { action: OverrideAction; reason: string },
  actorId: string | null,
) {
  return inTransaction(async (tx) => {
    const project = await requireProject(slug, { tx });
    const member = await tx.query("SELECT 1 FROM memberships WHERE project_id = $1 AND user_id = $2", [
      project.id,
      labelerId,
    ]);
    if (!member.rowCount) throw new AppError("not_found", "This user is not a member of the project");
    const before = await lockStanding(tx, project.id, labelerId);
    const settings = await qualitySettingsOf(tx, project.id);
    const now = new Date();
    const who = { overrideById: actorId, overrideAt: now, overrideReason: input.reason };
    if (input.action === "unpause") {
      if (!before.paused) throw new AppError("conflict", "This labeler is not paused");
      await updateStanding(tx, project.id, labelerId, { paused: false, pauseReason: null, pausedAt: null, ...who });
    } else {
      const status = input.action === "pass" ? "passed" : "failed";
      await updateStanding(tx, project.id, labelerId, {
        status,
        decidedAt: now,
        retryAfter: status === "failed" ? retryAfterOf(now, settings.qualificationRetryHours) : null,
        ...who,
      });
    }
    await recordAudit(tx, {
      actorId,
      action: `qualification.override_${input.action}`,
      entityType: "user",
      entityId: labelerId,
      projectId: project.id,
      before: { status: before.status, score: before.score, paused: before.paused },
      after:
        input.action === "unpause"
          ? { paused: false, reason: input.reason }
          : { status: input.action === "pass" ? "passed" : "failed", reason: input.reason },
    });
    const after = await standingOf(tx, project.id, labelerId);
    return { standing: after! };
  });
}

/** An admin grades a qualification demonstration (accepted or not); the decision follows when all are graded. */
export async function gradeDemonstration(
  slug: string,
  labelerId: string,
  input: { annotationId: string; accepted: boolean },
  actorId: string | null,
) {
  return inTransaction(async (tx) => {
    const project = await requireProject(slug, { tx });
    const standing = await lockStanding(tx, project.id, labelerId);
    const rows = await goldAnswersOf(tx, project.id, labelerId, "qualification");
    if (!rows.some((r) => r.annotationId === input.annotationId))
      throw new AppError("not_found", "No such qualification answer of this labeler");
    await updateStanding(tx, project.id, labelerId, {
      grades: { ...standing.grades, [input.annotationId]: input.accepted },
    });
    await recordAudit(tx, {
      actorId,
      action: "qualification.grade",
      entityType: "annotation",
      entityId: input.annotationId,
      projectId: project.id,
      before: { grade: standing.grades[input.annotationId] ?? null },
      after: { grade: input.accepted },
    });
    return { status: await decideQualification(tx, project.id, labelerId) };
  });
}

/** The labeler page: each project where the labeler has a standing or must qualify, with the answers against gold. */
export async function labelerQualifications(userId: string) {
  const projects = await projectsWithStanding(pool(), userId);
  return Promise.all(projects.map(async (p) => ({ ...p, ...(await labelerQualification(p.projectId, userId)) })));
}
