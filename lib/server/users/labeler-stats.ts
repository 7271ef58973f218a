import "server-only";
import { goldScore } from "@/lib/domain/gold";
import { staleAgreementItems } from "@/lib/server/agreement/item-stats";
import { labelerQualityIn } from "@/lib/server/agreement/project-agreement";
import { db, pool } from "@/lib/server/db/client";
import { goldAttempts, labelerOverall, labelerProjectRows } from "@/lib/server/users/user-queries";

/** One labeler's work: volume, pace, skips and gold accuracy, overall and per project. */
export async function labelerStats(userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, active: true, createdAt: true },
  });
  if (!user) return null;
  const [projects, overall, attempts] = await Promise.all([
    labelerProjectRows(pool(), userId),
    labelerOverall(pool(), userId),
    goldAttempts(pool(), userId),
  ]);
  // Agreement with the others and position bias, per project (from the items this labeler answered).
  const perProject = await Promise.all(
    projects.map(async (p) => {
      const [quality, staleItems] = p.annotations
        ? await Promise.all([labelerQualityIn(p.id, userId), staleAgreementItems(p.id)])
        : [null, 0];
      const goldHere = goldScore(attempts.filter((a) => a.projectId === p.id));
      return {
        ...p,
        agreementWithOthers: quality?.agreementWithOthers ?? null,
        firstShownWins: quality?.firstShownWins ?? null,
        firstShownExpected: quality?.firstShownExpected ?? null,
        longerPreferred: quality?.longerPreferred ?? null,
        gold: { answered: goldHere.answered, correct: goldHere.correct },
        /** Items of the project whose stats miss an answer (being refreshed in the background). */
        staleItems,
      };
    }),
  );
  const annotations = perProject.reduce((s, p) => s + p.annotations, 0);
  const skips = perProject.reduce((s, p) => s + p.skips, 0);
  return {
    user,
    perProject,
    totals: {
      annotations,
      today: perProject.reduce((s, p) => s + p.today, 0),
      perDayLast7: Math.round((perProject.reduce((s, p) => s + p.last7, 0) / 7) * 10) / 10,
      medianSeconds: overall.medianMs === null ? null : Math.round(overall.medianMs / 100) / 10,
      skipRate: annotations + skips === 0 ? null : skips / (annotations + skips),
      gold: goldScore(attempts),
    },
  };
}
