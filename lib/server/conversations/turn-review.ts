import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ChatMessage } from "@/lib/domain/content-hash";
import { prefixFor } from "@/lib/domain/conversation/transcript";
import type { Tx } from "@/lib/server/db/client";
import { execute, queryRow } from "@/lib/server/db/query";
import { writeItemBatch } from "@/lib/server/import/import-queries";
import { selectReplies, selectTurns, type ConversationRecord } from "@/lib/server/conversations/conversation-queries";
import { openingOf, turnViews } from "@/lib/server/conversations/conversation-state";

/**
 * Whether a chosen turn is sent for review: a fixed share of turns (the project's
 * turn_review_rate), decided by the turn's id so that a retry decides the same.
 */
export function reviewPick(turnId: string, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  const h = createHash("sha256").update(turnId).digest();
  return h.readUInt32BE(0) / 0x1_0000_0000 < rate;
}

/**
 * Agreement on conversations (docs/CONVERSATIONS.md, "Agreement"): a sample of chosen turns
 * becomes ordinary items of the review project (a comparison or ranking project): the turn's
 * prefix as the prompt, its replies as the completions. Other labelers answer them like any
 * item; the labeler who chose at the turn is never served it (a skip row), and their choice is
 * kept in the item's metadata, so the agreement report can count them as one more labeler.
 */
export async function sampleTurnForReview(tx: Tx, record: ConversationRecord, turnId: string): Promise<void> {
  const { turnReviewRate, turnReviewProjectId } = record.project;
  if (!turnReviewProjectId || !reviewPick(turnId, turnReviewRate)) return;
  const target = await queryRow(
    tx,
    z.object({ id: z.string(), overlap: z.number().int(), kind: z.string(), status: z.string() }),
    `SELECT id, overlap, kind::text AS kind, status::text AS status FROM projects WHERE id = $1::uuid FOR SHARE`,
    [turnReviewProjectId],
  );
  if (!target || target.status === "archived" || (target.kind !== "comparison" && target.kind !== "ranking")) return;
  const [turns, replies] = await Promise.all([selectTurns(tx, record.id), selectReplies(tx, record.id)]);
  const turn = turns.find((t) => t.id === turnId)!;
  const own = replies.filter((r) => r.turnId === turnId).sort((a, b) => a.position - b.position);
  if (target.kind === "comparison" && own.length !== 2) return;
  const views = turnViews({ record, turns, replies });
  const prompt = prefixFor(openingOf(record), views, turn.index);
  const externalId = `turn:${turnId}`;
  await writeItemBatch(tx, target, [
    {
      externalId,
      messages: prompt as ChatMessage[],
      completions: own.map((r) => ({ text: r.text, model: r.model })),
      metadata: {
        source: "conversation-turn",
        conversationId: record.id,
        conversationProject: record.project.slug,
        turn: turn.index,
        turnId,
        // The choice made in the conversation, over the completions by position (0-based).
        originalLabeler: record.labelerId,
        originalRanking: turn.ranking?.map((group) => group.map((id) => own.findIndex((r) => r.id === id))),
      },
      priority: 0,
    },
  ]);
  const item = await queryRow(
    tx,
    z.object({ id: z.string() }),
    `SELECT id FROM items WHERE project_id = $1::uuid AND external_id = $2`,
    [target.id, externalId],
  );
  if (!item) return;
  await execute(
    tx,
    `INSERT INTO skips (item_id, labeler_id, reason) VALUES ($1::uuid, $2::uuid, 'chose at this turn in the conversation')
     ON CONFLICT DO NOTHING`,
    [item.id, record.labelerId],
  );
  await execute(tx, `UPDATE conversation_turns SET review_item_id = $2::uuid WHERE id = $1::uuid`, [turnId, item.id]);
}
