// Conversation test data written straight into the tables (no endpoint, no streaming): a
// conversation project, openings, and conversations with their turns, replies and choices.
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { itemContentHash } from "@/lib/domain/content-hash";
import type { ToolCall, TurnInput } from "@/lib/validation/conversations";
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { createProject } from "@/lib/server/projects/create-project";
import { uniqueSuffix } from "./factories";

export async function makeConversationProject(
  options: { mode?: "helpfulness" | "red_team"; tools?: Prisma.InputJsonValue[]; overlap?: number } = {},
) {
  const project = await createProject(
    { slug: `c-${uniqueSuffix()}`, kind: "conversation", overlap: options.overlap ?? 1 },
    null,
  );
  return db.project.update({
    where: { id: project.id },
    data: { conversationMode: options.mode ?? "helpfulness", tools: options.tools ?? [], guidelineVersion: 3 },
  });
}

/** A labeler's own opening: no messages, done from the start (as start-conversation.ts makes it). */
export async function makeOwnOpening(projectId: string) {
  const externalId = `own:${randomUUID()}`;
  return db.item.create({
    data: {
      projectId,
      externalId,
      contentHash: itemContentHash([], [externalId]),
      messages: [],
      metadata: { source: "labeler" },
      status: "done",
    },
  });
}

/** An imported opening (a prompt item of the conversation project). */
export async function makeOpening(projectSlug: string, messages: { role: "user" | "system"; content: string }[]) {
  const externalId = `opening-${uniqueSuffix()}`;
  await addItems(projectSlug, [{ externalId, messages, completions: [] }]);
  return db.item.findFirstOrThrow({ where: { externalId } });
}

export interface ReplySpec {
  text: string;
  toolCalls?: ToolCall[];
  /** An earlier failed attempt at this position, replaced by this one (never exported). */
  replacedText?: string;
}

export interface TurnSpec {
  input: TurnInput;
  replies: ReplySpec[];
  /** Tie groups of positions, best first; omitted: the turn is not chosen yet. */
  ranking?: number[][];
  /** The position the conversation goes on with (default: the best one). */
  chosen?: number;
  strength?: number;
  tie?: "good" | "bad";
  rewrite?: string;
  harm?: number;
  flags?: Record<number, string[]>;
  guidelineVersion?: number;
}

export interface ConversationSpec {
  projectId: string;
  itemId: string;
  labelerId: string;
  status?: "active" | "finished" | "abandoned";
  mode?: "helpfulness" | "red_team";
  turns: TurnSpec[];
  outcome?: number;
  taskDescription?: string;
  finishedAt?: Date;
}

/** Writes a conversation; returns its id and each turn's reply ids by position. */
export async function makeConversation(spec: ConversationSpec) {
  const conversationId = randomUUID();
  const replyIds = spec.turns.map((t) => t.replies.map(() => randomUUID()));
  const status = spec.status ?? "finished";
  const finishedAt = status === "active" ? null : (spec.finishedAt ?? new Date());
  await db.conversation.create({
    data: {
      id: conversationId,
      projectId: spec.projectId,
      itemId: spec.itemId,
      leaseId: randomUUID(),
      labelerId: spec.labelerId,
      status,
      mode: spec.mode ?? "helpfulness",
      turns: spec.turns.filter((t) => t.ranking).length,
      promptTokens: 100,
      completionTokens: 40,
      costMicros: 1234,
      outcome: spec.outcome ?? null,
      taskDescription: spec.taskDescription ?? null,
      createdAt: new Date((finishedAt ?? new Date()).getTime() - 60_000),
      finishedAt,
    },
  });
  for (const [index, turn] of spec.turns.entries()) {
    const ids = replyIds[index]!;
    const chosen = turn.ranking ? ids[turn.chosen ?? turn.ranking[0]![0]!]! : null;
    await db.conversationTurn.create({
      data: {
        conversationId,
        index,
        input: turn.input as Prisma.InputJsonValue,
        ranking: turn.ranking ? turn.ranking.map((group) => group.map((p) => ids[p]!)) : undefined,
        chosenReplyId: chosen,
        chosenAt: chosen ? new Date() : null,
        strength: turn.strength ?? null,
        tieQuality: turn.tie ?? null,
        harm: turn.harm ?? null,
        rewriteText: turn.rewrite ?? null,
        flags: turn.flags
          ? Object.fromEntries(Object.entries(turn.flags).map(([p, list]) => [ids[Number(p)]!, list]))
          : undefined,
        timeSpentMs: 5000,
        guidelineVersion: turn.ranking ? (turn.guidelineVersion ?? 3) : null,
        replies: {
          create: turn.replies.flatMap((reply, position) => [
            ...(reply.replacedText === undefined
              ? []
              : [
                  {
                    id: randomUUID(),
                    position,
                    attempt: 1,
                    replacedAt: new Date(),
                    labelerId: spec.labelerId,
                    endpointName: "stub",
                    model: "stub-model",
                    status: "failed" as const,
                    text: reply.replacedText,
                  },
                ]),
            {
              id: ids[position]!,
              position,
              attempt: reply.replacedText === undefined ? 1 : 2,
              labelerId: spec.labelerId,
              endpointName: position === 0 ? "stub-a" : "stub-b",
              model: position === 0 ? "model-a" : "model-b",
              status: "done" as const,
              text: reply.text,
              toolCalls: (reply.toolCalls ?? []) as unknown as Prisma.InputJsonValue,
              finishReason: "stop",
              promptTokens: 20,
              completionTokens: 8,
            },
          ]),
        },
      },
    });
  }
  return { id: conversationId, replyIds };
}
