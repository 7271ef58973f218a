// Rows of production feedback and judge verdicts, written straight into their tables, for the
// export's tests (ingestion, routing and judge runs are built and tested elsewhere).
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db/client";
import { uniqueSuffix } from "./factories";

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
  const run = await db.judgeRun.create({ data: { judgeId: judge.id, projectId, promptVersion: 1, status: "completed" } });
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
