// Rows of production feedback and judge verdicts, written straight into their tables, for the
// export's tests (ingestion, routing and judge runs are built and tested elsewhere).
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db/client";
import { uniqueSuffix } from "./factories";
import { inTransaction } from "@/lib/server/db/client";
import { routeFeedbackEvents, type StoredFeedbackEvent } from "@/lib/server/feedback/route-feedback";
import { readFeedbackSettings } from "@/lib/validation/feedback-settings";

export interface FeedbackEventFields {
  eventId?: string;
  conversation?: { role: string; content: string }[];
  response?: string;
  thumb?: boolean | null;
  score?: number | null;
  edit?: string | null;
  alternatives?: { text: string; chosen: boolean }[] | null;
  model?: string | null;
  occurredAt?: Date;
  reviewItemId?: string | null;
}

export async function makeFeedbackEvent(projectId: string, fields: FeedbackEventFields = {}) {
  const eventId = fields.eventId ?? `ev-${uniqueSuffix()}`;
  return db.feedbackEvent.create({
    data: {
      projectId,
      eventId,
      conversation: fields.conversation ?? [{ role: "user", content: `question of ${eventId}` }],
      response: fields.response ?? `response of ${eventId}`,
      // Every event has exactly one rating (feedback_events_one_rating): a thumb up unless given.
      thumb: fields.thumb ?? (fields.score === undefined || fields.score === null ? true : null),
      score: fields.score ?? null,
      edit: fields.edit ?? null,
      alternatives: (fields.alternatives ?? undefined) as Prisma.InputJsonValue | undefined,
      model: fields.model ?? null,
      occurredAt: fields.occurredAt ?? new Date(),
      reviewItemId: fields.reviewItemId ?? null,
      routedBy: fields.reviewItemId ? "down" : null,
    },
  });
}

/** A judge on a project (with the endpoint it needs) and a run its verdicts belong to. */
export async function makeJudge(projectId: string, name = `judge-${uniqueSuffix()}`) {
  const endpoint = await db.modelEndpoint.create({
    data: { name: `ep-${uniqueSuffix()}`, baseUrl: "http://127.0.0.1:9/v1", model: "stub-judge" },
  });
  const judge = await db.judge.create({ data: { projectId, name, endpointId: endpoint.id } });
  const run = await db.judgeRun.create({
    data: { judgeId: judge.id, projectId, promptVersion: 1, status: "completed" },
  });
  return { judge, run };
}

export interface JudgeAnnotationFields {
  ranking: string[][] | null;
  consistent?: boolean;
  unsure?: boolean;
  createdAt?: Date;
}

export async function makeJudgeAnnotation(
  judged: { judge: { id: string; name: string; projectId: string }; run: { id: string } },
  itemId: string,
  fields: JudgeAnnotationFields,
) {
  return db.judgeAnnotation.create({
    data: {
      id: randomUUID(),
      judgeId: judged.judge.id,
      projectId: judged.judge.projectId,
      itemId,
      runId: judged.run.id,
      provenance: `judge:${judged.judge.name}`,
      ranking: (fields.ranking ?? undefined) as Prisma.InputJsonValue | undefined,
      consistent: fields.consistent ?? true,
      unsure: fields.unsure ?? false,
      promptVersion: 1,
      createdAt: fields.createdAt ?? new Date(),
    },
  });
}

// Production feedback as the ingest endpoint stores it: rows in feedback_events, then
// routeFeedbackEvents in the same transaction with the events stored now. A re-sent event id
// stores nothing and is not routed again.
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
