import "server-only";
import { z } from "zod";
import { execute, queryRow, queryRows, type Queryable } from "@/lib/server/db/query";
import { readFeedbackSettings, type FeedbackSettings } from "@/lib/validation/feedback-settings";

/** A project's stored feedback settings, defaults filled in (parsed once, here). */
export async function selectFeedbackSettings(db: Queryable, projectId: string): Promise<FeedbackSettings | null> {
  const row = await queryRow(
    db,
    z.object({ feedback_settings: z.unknown() }),
    "SELECT feedback_settings FROM projects WHERE id = $1::uuid",
    [projectId],
  );
  return row ? readFeedbackSettings(row.feedback_settings) : null;
}

export async function writeFeedbackSettings(db: Queryable, projectId: string, settings: FeedbackSettings) {
  await execute(db, "UPDATE projects SET feedback_settings = $2::jsonb, updated_at = now() WHERE id = $1::uuid", [
    projectId,
    JSON.stringify(settings),
  ]);
}

const projectRef = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  kind: z.string(),
  status: z.string(),
});
export type ReviewProjectRef = z.output<typeof projectRef>;

/** Projects by id or slug, as routing rules name them. */
export function selectProjectsByRef(db: Queryable, ids: string[], slugs: string[]): Promise<ReviewProjectRef[]> {
  return queryRows(
    db,
    projectRef,
    `SELECT id, slug, name, kind::text AS kind, status::text AS status FROM projects
      WHERE id = ANY($1::uuid[]) OR slug = ANY($2::text[])`,
    [ids, slugs],
  );
}

/** The projects a rule may send review items to: comparison, ranking and demonstration, not archived. */
export function selectReviewProjects(db: Queryable, exceptId: string): Promise<ReviewProjectRef[]> {
  return queryRows(
    db,
    projectRef,
    `SELECT id, slug, name, kind::text AS kind, status::text AS status FROM projects
      WHERE kind IN ('comparison', 'ranking', 'demonstration') AND status <> 'archived' AND id <> $1::uuid
      ORDER BY name, slug`,
    [exceptId],
  );
}
