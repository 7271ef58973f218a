import "server-only";
import { once } from "node:events";
import type { ChatMessage } from "@/lib/domain/content-hash";
import { assistantMessage, prefixFor, type ModelMessage } from "@/lib/domain/conversation/transcript";
import {
  conversationLines,
  type ExportConversation,
  type ExportReply,
  type ExportTurn,
} from "@/lib/domain/export/conversation-rows";
import { wantsSource } from "@/lib/domain/export/sources";
import { keepsItem } from "@/lib/domain/export/filters";
import { ManifestAccumulator, type ExportManifest } from "@/lib/domain/export/manifest";
import { pool } from "@/lib/server/db/client";
import {
  conversationItemBatch,
  conversationReplies,
  conversationTurns,
  countConversationItems,
  finishedConversations,
  projectTools,
} from "@/lib/server/export/conversation-export-queries";
import type { StreamExportOptions } from "@/lib/server/export/export-project";

// A conversation project's export (docs/EXPORTS.md "Conversation projects"): the same stream,
// manifest and split as streamProjectExport, over finished conversations instead of answers.

/** Openings per batch: each brings its conversations, their turns and 2-4 replies per turn. */
const BATCH = 200;

const instant = (value: string | undefined) => (value === undefined ? null : new Date(value));

/** An opening as the transcript functions take it (items keep the OpenAI wire form). */
function modelMessage(m: ChatMessage): ModelMessage {
  if (m.role === "tool") return { role: "tool", tool_call_id: m.tool_call_id ?? "", content: m.content };
  if (m.role === "assistant") return assistantMessage(m.content, m.tool_calls ?? []);
  return { role: m.role, content: m.content };
}

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/**
 * Streams a conversation project's finished conversations as JSONL, an opening (item) at a time
 * in arrival order, its conversations in order of finishing. Filters: from/to bound the finish
 * time; minAnnotations counts an opening's finished conversations; excludeFlagged leaves out an
 * opening on which any turn raised a flag. The agreement filters are refused earlier
 * (conversationFilterProblem). The split goes by opening: an imported opening's messages (its
 * conversations never straddle parts), an own opening's first prompt.
 */
export async function streamConversationExport(
  options: StreamExportOptions,
  pseudonym: (labelerId: string) => string,
): Promise<ExportManifest> {
  const { project, format, out, filters, onProgress } = options;
  const manifest = options.manifest ?? new ManifestAccumulator(project.slug, format, filters);
  const filter = { projectId: project.id, from: instant(filters.from), to: instant(filters.to) };
  const [itemsTotal, tools] = await Promise.all([
    countConversationItems(pool(), filter),
    projectTools(pool(), project.id),
  ]);
  const sinkFor = typeof out === "function" ? out : () => out;
  const sinks = new Map(manifest.partNames().map((part) => [part, sinkFor(part)]));
  let itemsDone = 0;
  let after = "0";
  for (;;) {
    const batch = await conversationItemBatch(pool(), filter, after, BATCH);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.seq;
    const conversations = await finishedConversations(
      pool(),
      filter,
      batch.map((i) => i.id),
    );
    const ids = conversations.map((c) => c.id);
    const [turnRows, replyRows] = await Promise.all([conversationTurns(pool(), ids), conversationReplies(pool(), ids)]);
    const repliesOf = groupBy(replyRows, (r) => r.turnId);
    const turnsOf = groupBy(turnRows, (t) => t.conversationId);
    const conversationsOf = groupBy(conversations, (c) => c.itemId);
    for (const item of batch) {
      itemsDone += 1;
      const opening = item.messages.map(modelMessage);
      const exported = (conversationsOf.get(item.id) ?? [])
        // red-team rows come from red-team conversations only (a project may have changed mode).
        .filter((c) => format !== "red-team" || c.mode === "red_team")
        .map((c): ExportConversation => ({
          id: c.id,
          itemId: item.externalId,
          labeler: pseudonym(c.labelerId),
          mode: c.mode,
          opening,
          tools,
          turns: (turnsOf.get(c.id) ?? []).map((t): ExportTurn => ({
            ...t,
            replies: (repliesOf.get(t.id) ?? []).map((r): ExportReply => r),
          })),
          outcome: c.outcome,
          taskDescription: c.taskDescription,
          comment: c.comment,
          timeSpentMs: c.timeSpentMs,
          guidelineVersion: c.guidelineVersion,
          createdAt: c.createdAt,
          finishedAt: c.finishedAt,
          promptTokens: c.promptTokens,
          completionTokens: c.completionTokens,
          costMicros: c.costMicros,
        }));
      // One answer per conversation for the item filters; its flags are every turn's.
      const answers = exported.map((c) => ({
        flags: Object.fromEntries(c.turns.flatMap((t) => Object.entries(t.flags ?? {}))),
      }));
      // Every row of a conversation project is a labeler's (source `human`).
      if (!keepsItem(answers, filters) || !wantsSource(filters.sources, "human")) continue;
      const lines = exported.flatMap((c) => conversationLines(format, c));
      const first = exported[0]!;
      const part = manifest.addItem(
        {
          // The split's key: the opening, or for an own opening (no messages) its first prompt.
          messages: opening.length > 0 ? item.messages : prefixFor(opening, first.turns, 0),
          agreement: null,
          guidelineVersions: exported.flatMap((c) =>
            c.turns.flatMap((t) => (t.guidelineVersion === null ? [] : [t.guidelineVersion])),
          ),
        },
        exported.length,
      );
      const sink = sinks.get(part) ?? null;
      for (const line of lines) {
        const chunk = `${line}\n`;
        manifest.addRow(part, chunk);
        if (sink && !sink.write(chunk)) await once(sink, "drain");
      }
    }
    onProgress?.({ itemsDone, itemsTotal: Math.max(itemsTotal, itemsDone), rows: manifest.rowCount });
  }
  return manifest.finish();
}
