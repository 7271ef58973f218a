// Production feedback as the ingest endpoint stores it (POST /api/projects/{slug}/feedback is
// another branch's): rows in feedback_events, then routeFeedbackEvents in the same transaction
// with the events stored now. A re-sent event id stores nothing and is not routed again.
import { inTransaction } from "@/lib/server/db/client";
import { routeFeedbackEvents, type StoredFeedbackEvent } from "@/lib/server/feedback/route-feedback";
import { readFeedbackSettings } from "@/lib/validation/feedback-settings";

export interface TestFeedbackEvent {
  id: string;
  conversation?: { role: string; content: string }[];
  response?: string;
  rating: "up" | "down" | number;
  edit?: string;
  alternatives?: { text: string; chosen: boolean }[];
  model?: string;
  user?: string;
  occurredAt?: Date;
  scrubbed?: Record<string, number>;
}

export async function sendFeedback(projectSlug: string, events: TestFeedbackEvent[]) {
  return inTransaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; feedback_settings: unknown }>(
      "SELECT id, feedback_settings FROM projects WHERE slug = $1",
      [projectSlug],
    );
    const project = rows[0]!;
    const stored: StoredFeedbackEvent[] = [];
    for (const e of events) {
      const conversation = e.conversation ?? [{ role: "user", content: `question ${e.id}` }];
      const response = e.response ?? `answer ${e.id}`;
      const thumb = typeof e.rating === "number" ? null : e.rating === "up";
      const score = typeof e.rating === "number" ? e.rating : null;
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO feedback_events (id, project_id, event_id, conversation, response, thumb, score, edit, alternatives,
                                      model, user_ref, scrubbed, occurred_at)
         VALUES (gen_random_uuid(), $1, $2, $3::jsonb, $4, $5, $6, $7, $8::jsonb, $9, $10, $11::jsonb, $12)
         ON CONFLICT (project_id, event_id) DO NOTHING RETURNING id`,
        [
          project.id,
          e.id,
          JSON.stringify(conversation),
          response,
          thumb,
          score,
          e.edit ?? null,
          e.alternatives ? JSON.stringify(e.alternatives) : null,
          e.model ?? null,
          e.user ?? null,
          JSON.stringify(e.scrubbed ?? {}),
          e.occurredAt ?? new Date(),
        ],
      );
      if (!inserted.rows[0]) continue;
      stored.push({
        id: inserted.rows[0].id,
        eventId: e.id,
        conversation,
        response,
        thumb,
        score,
        edit: e.edit ?? null,
        alternatives: e.alternatives ?? null,
        model: e.model ?? null,
      });
    }
    const { routed } = await routeFeedbackEvents(tx, {
      projectId: project.id,
      settings: readFeedbackSettings(project.feedback_settings),
      events: stored,
    });
    return { accepted: stored.length, duplicates: events.length - stored.length, routed };
  });
}
