import "server-only";
import { z } from "zod";
import { queryRow, queryRows, type Queryable } from "@/lib/server/db/query";
import type { FeedbackRow } from "@/lib/domain/feedback/feedback-rows";
import { projectKindSchema, storedProjectStatusSchema } from "@/lib/validation/projects";
import { isProjectSlug } from "@/lib/validation/projects";

// Production feedback's statements (docs/FEEDBACK.md). The insert is the ingest's one write:
// a batch in one statement, idempotent on (project_id, event_id).

const feedbackProjectRow = z
  .object({
    id: z.string(),
    kind: projectKindSchema,
    status: storedProjectStatusSchema,
    // Parsed by readFeedbackSettings where it is used (the defaults filled in there).
    feedback_settings: z.unknown(),
  })
  .transform((r) => ({ id: r.id, kind: r.kind, status: r.status, feedbackSettings: r.feedback_settings }));

/** What ingest needs of a project: its kind, status and feedback settings; null when there is none. */
export function findFeedbackProject(db: Queryable, slug: string) {
  if (!isProjectSlug(slug)) return Promise.resolve(null);
  return queryRow(
    db,
    feedbackProjectRow,
    "SELECT id, kind::text AS kind, status::text AS status, feedback_settings FROM projects WHERE slug = $1",
    [slug],
  );
}

const insertedRow = z.object({ id: z.string(), event_id: z.string() });

/**
 * Stores the rows whose event id the project has not seen; returns those stored (id and event
 * id). Rows must have distinct event ids (the caller keeps the first of a batch).
 */
export async function insertFeedbackEvents(
  db: Queryable,
  projectId: string,
  rows: FeedbackRow[],
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const records = rows.map((r) => ({
    event_id: r.eventId,
    conversation: r.conversation,
    response: r.response,
    thumb: r.thumb,
    score: r.score,
    edit: r.edit,
    alternatives: r.alternatives,
    model: r.model,
    user_ref: r.userRef,
    consent: r.consent,
    metadata: r.metadata,
    scrubbed: r.scrubbed,
    occurred_at: r.occurredAt,
  }));
  // One parameter for the whole batch (jsonb_to_recordset), whatever its size: no limit on the
  // number of bind parameters, one parse by PostgreSQL.
  const inserted = await queryRows(
    db,
    insertedRow,
    `INSERT INTO feedback_events (id, project_id, event_id, conversation, response, thumb, score, edit, alternatives,
                                  model, user_ref, consent, metadata, scrubbed, occurred_at)
     SELECT gen_random_uuid(), $1::uuid, r.event_id, r.conversation, r.response, r.thumb, r.score, r.edit,
            r.alternatives, r.model, r.user_ref, r.consent, r.metadata, r.scrubbed, r.occurred_at
       FROM jsonb_to_recordset($2::jsonb) AS r(event_id text, conversation jsonb, response text, thumb boolean,
            score int, edit text, alternatives jsonb, model text, user_ref text, consent boolean, metadata jsonb,
            scrubbed jsonb, occurred_at timestamptz)
     ON CONFLICT (project_id, event_id) DO NOTHING
     RETURNING id::text, event_id`,
    [projectId, JSON.stringify(records)],
  );
  return new Map(inserted.map((r) => [r.event_id, r.id]));
}
