import "server-only";
import { pool } from "@/lib/server/db/client";

export const ACTIVITY_DAYS = 30;

/** Answers per day and overall completion over the last 30 days, and answers per labeler. */
export async function projectActivity(projectId: string) {
  const [{ rows: days }, { rows: labelers }] = await Promise.all([
    pool().query<{ day: string; answers: number; cumulative: number; slots: number }>(
      `WITH days AS (
         SELECT generate_series(date_trunc('day', now()) - make_interval(days => $2 - 1), date_trunc('day', now()), interval '1 day') AS day
       ), per_day AS (
         SELECT date_trunc('day', created_at) AS day, count(*)::int AS n FROM annotations WHERE project_id = $1 GROUP BY 1
       ), before AS (
         SELECT count(*)::int AS n FROM annotations WHERE project_id = $1 AND created_at < date_trunc('day', now()) - make_interval(days => $2 - 1)
       )
       SELECT to_char(d.day, 'MM-DD') AS day,
              COALESCE(p.n, 0) AS answers,
              ((SELECT n FROM before) + sum(COALESCE(p.n, 0)) OVER (ORDER BY d.day))::int AS cumulative,
              (SELECT count(*)::int FROM slots WHERE project_id = $1) AS slots
         FROM days d LEFT JOIN per_day p ON p.day = d.day
        ORDER BY d.day`,
      [projectId, ACTIVITY_DAYS],
    ),
    pool().query<{ email: string; answers: number }>(
      `SELECT u.email, count(*)::int AS answers FROM annotations a JOIN users u ON u.id = a.labeler_id
        WHERE a.project_id = $1 GROUP BY u.email ORDER BY answers DESC, u.email LIMIT 20`,
      [projectId],
    ),
  ]);
  return {
    perDay: days.map((d) => ({ label: d.day, value: d.answers })),
    completion: days.map((d) => ({
      label: d.day,
      value: d.slots ? Math.round((1000 * d.cumulative) / d.slots) / 10 : 0,
    })),
    perLabeler: labelers.map((l) => ({ label: l.email, value: l.answers })),
  };
}
