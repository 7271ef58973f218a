import "server-only";
import { goldScore } from "@/lib/domain/gold";
import { staleAgreementItems } from "@/lib/server/agreement/item-stats";
import { labelerQualityIn } from "@/lib/server/agreement/project-agreement";
import { db, pool } from "@/lib/server/db/client";

/** One labeler's work: volume, pace, skips and gold accuracy, overall and per project. */
export async function labelerStats(userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, active: true, createdAt: true },
  });
  if (!user) return null;
  const { rows: projects } = await pool().query<{
    id: string;
    slug: string;
    name: string;
    annotations: number;
    today: number;
    last7: number;
    median_ms: number | null;
    skips: number;
  }>(
    `SELECT p.id, p.slug, p.name,
            count(a.id)::int AS annotations,
            count(a.id) FILTER (WHERE a.created_at >= date_trunc('day', now()))::int AS today,
            count(a.id) FILTER (WHERE a.created_at >= now() - interval '7 days')::int AS last7,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY a.time_spent_ms) AS median_ms,
            (SELECT count(*)::int FROM skips k JOIN items i ON i.id = k.item_id WHERE k.labeler_id = $1 AND i.project_id = p.id) AS skips
       FROM memberships m JOIN projects p ON p.id = m.project_id
       LEFT JOIN annotations a ON a.project_id = p.id AND a.labeler_id = $1
      WHERE m.user_id = $1
      GROUP BY p.id, p.slug, p.name
      ORDER BY p.name`,
    [userId],
  );
  const { rows: overall } = await pool().query<{ median_ms: number | null; first: Date | null; last: Date | null }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY time_spent_ms) AS median_ms, min(created_at) AS first, max(created_at) AS last
       FROM annotations WHERE labeler_id = $1`,
    [userId],
  );
  const gold = await db.annotation.findMany({
    where: { labelerId: userId, item: { isGold: true } },
    select: { ranking: true, projectId: true, item: { select: { goldAnswer: true } } },
  });
  const attempts = gold.map((a) => ({
    projectId: a.projectId,
    ranking: a.ranking as string[][] | null,
    gold: a.item.goldAnswer,
  }));
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
      medianSeconds: overall[0]?.median_ms == null ? null : Math.round(overall[0].median_ms / 100) / 10,
      skipRate: annotations + skips === 0 ? null : skips / (annotations + skips),
      gold: goldScore(attempts),
    },
  };
}
