// Export rows of conversation projects (docs/EXPORTS.md "Conversation projects"), built from a
// finished conversation's chosen path (lib/domain/conversation/transcript.ts). Pure.
//
// Per turn (preference, openai-dpo): the prompt is every message before the turn's replies
// (earlier turns along the chosen path, rewrites included, then the turn's own input). The
// pairs are the turn's ranking as a comparison project's (2 replies: margin = strength) or a
// ranking project's (3-4 replies: margin = distance between tie groups); ties give none. A
// rewrite is preferred to every reply of its turn: to the reply it rewrites (margin 1, as in
// rows.ts) and to each other reply with the margin the rewritten reply had over it (1 when tied).
import {
  assistantMessage,
  chosenPath,
  prefixFor,
  type ModelMessage,
  type ReplyView,
  type TurnView,
} from "@/lib/domain/conversation/transcript";
import type { ExportFilters } from "@/lib/domain/export/filters";
import type { ExportFormat } from "@/lib/domain/export/formats";
import { rankingToPairs } from "@/lib/domain/export/pairs";
import { formatHhTranscript } from "@/lib/domain/import/hh";
import {
  openAiMessages,
  openAiTools,
  toolTurnsAsText,
  trlMessages,
  type ToolDefinition,
} from "@/lib/domain/tool-calls";

export interface ExportReply extends ReplyView {
  attempt: number;
  status: string;
  endpointName: string;
  model: string;
  servedModel: string | null;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
}

export interface ExportTurn extends TurnView {
  replies: ExportReply[];
  ranking: string[][] | null;
  strength: number | null;
  tie: string | null;
  ratings: Record<string, number> | null;
  flags: Record<string, string[]> | null;
  harm: number | null;
  comment: string | null;
  timeSpentMs: number | null;
  guidelineVersion: number | null;
  chosenAt: Date | null;
}

export interface ExportConversation {
  id: string;
  /** The opening's item (its external id). */
  itemId: string;
  /** Pseudonymous labeler id (the same one `raw` gives). */
  labeler: string;
  mode: "helpfulness" | "red_team";
  /** The opening's messages (an own opening: none). */
  opening: ModelMessage[];
  /** The project's tools (an empty list: none). */
  tools: ToolDefinition[];
  turns: ExportTurn[];
  outcome: number | null;
  taskDescription: string | null;
  /** The finish's comment, time and guideline version (the conversation's annotation). */
  comment: string | null;
  timeSpentMs: number | null;
  guidelineVersion: number | null;
  createdAt: Date;
  finishedAt: Date | null;
  promptTokens: number;
  completionTokens: number;
  costMicros: number | null;
}

export interface TurnPair {
  /** What the chosen side is: "rewrite", or the reply's id. */
  from: string;
  /** The rejected side's reply id. */
  to: string;
  chosen: ModelMessage;
  rejected: ModelMessage;
  margin: number;
}

/**
 * Why a filter cannot apply to a conversation project, or null. One labeler answers each turn,
 * so there is no item agreement and no labeler agreement in the project itself (turn agreement
 * is measured in its review project): the export refuses rather than leave everything out.
 */
export function conversationFilterProblem(filters: ExportFilters): string | null {
  const refused = [
    filters.minAgreement !== undefined && "min agreement",
    filters.minLabelerAgreement !== undefined && "min labeler agreement",
  ].filter(Boolean);
  if (refused.length === 0) return null;
  return `${refused.join(" and ")} do${refused.length === 1 ? "es" : ""} not apply to a conversation project: one labeler chooses at each turn (agreement is measured on the turns sampled into its review project)`;
}

const replyMessage = (reply: ReplyView) => assistantMessage(reply.text, reply.toolCalls);

/** The preference pairs of one chosen turn: the rewrite's first (if any), then the ranking's. */
export function turnPairs(turn: ExportTurn): TurnPair[] {
  const byId = new Map(turn.replies.map((r) => [r.id, r]));
  const ranked = rankingToPairs(turn.ranking ?? [], turn.replies.length === 2 ? turn.strength : null).filter(
    (p) => byId.has(p.chosen) && byId.has(p.rejected),
  );
  const pairs: TurnPair[] = [];
  const original = turn.chosenReplyId === null ? undefined : byId.get(turn.chosenReplyId);
  if (turn.rewriteText !== null && original) {
    const rewrite = assistantMessage(turn.rewriteText, original.toolCalls);
    pairs.push({ from: "rewrite", to: original.id, chosen: rewrite, rejected: replyMessage(original), margin: 1 });
    for (const id of (turn.ranking ?? []).flat()) {
      const other = byId.get(id);
      if (!other || id === original.id) continue;
      const margin = ranked.find((p) => p.chosen === original.id && p.rejected === id)?.margin ?? 1;
      pairs.push({ from: "rewrite", to: id, chosen: rewrite, rejected: replyMessage(other), margin });
    }
  }
  for (const p of ranked)
    pairs.push({
      from: p.chosen,
      to: p.rejected,
      chosen: replyMessage(byId.get(p.chosen)!),
      rejected: replyMessage(byId.get(p.rejected)!),
      margin: p.margin,
    });
  return pairs;
}

/** The turns the labeler chose a reply at, in order (a finished conversation's whole path). */
const chosenTurns = (c: ExportConversation) =>
  c.turns.filter((t) => t.chosenReplyId !== null).sort((a, b) => a.index - b.index);

/** HH's two speakers: tool calls and results are written into the Assistant turns. */
const hhText = (messages: ModelMessage[]) => formatHhTranscript(toolTurnsAsText(messages));

/** The HH release's own line layout (as rows.ts writes it: re-importable by the `hh` importer). */
const hhLine = (chosen: string, rejected: string) =>
  `{"chosen": ${JSON.stringify(chosen)}, "rejected": ${JSON.stringify(rejected)}}`;

/** The JSONL lines one finished conversation contributes to an export, in a fixed order. */
export function conversationLines(format: ExportFormat, c: ExportConversation): string[] {
  const turns = chosenTurns(c);
  if (turns.length === 0) return [];
  // TRL's tool format: arguments as objects and a `tools` column; OpenAI's: strings, tools in input.
  const trl = (messages: ModelMessage[]) => trlMessages(messages);
  const tools = c.tools.length ? { tools: c.tools } : {};
  switch (format) {
    case "preference":
    case "openai-dpo": {
      const lines: string[] = [];
      for (const turn of turns) {
        const prompt = prefixFor(c.opening, c.turns, turn.index);
        for (const pair of turnPairs(turn)) {
          lines.push(
            JSON.stringify(
              format === "preference"
                ? {
                    prompt: trl(prompt),
                    chosen: trl([pair.chosen]),
                    rejected: trl([pair.rejected]),
                    margin: pair.margin,
                    item_id: c.itemId,
                    conversation_id: c.id,
                    turn: turn.index,
                    source: "human",
                    ...tools,
                  }
                : {
                    input: {
                      messages: openAiMessages(prompt),
                      ...(c.tools.length ? { tools: openAiTools(c.tools) } : {}),
                    },
                    preferred_output: openAiMessages([pair.chosen]),
                    non_preferred_output: openAiMessages([pair.rejected]),
                  },
            ),
          );
        }
      }
      return lines;
    }
    case "preference-hh": {
      // The chosen path up to the last turn with a preference (a conversation that ends on a tie
      // gives its last decided turn), then that turn's pairs that hold the message the
      // conversation went on with: as the preferred side (helpfulness; the rewrite, if any), or,
      // in red-team mode, as the rejected side (the attack goes on with the more harmful reply, as
      // in Anthropic's harmless-base data): the transcript HH keeps.
      for (const last of [...turns].reverse()) {
        const going = last.rewriteText === null ? last.chosenReplyId : "rewrite";
        const pairs = turnPairs(last).filter((pair) =>
          c.mode === "red_team" ? pair.to === last.chosenReplyId : pair.from === going,
        );
        if (pairs.length === 0) continue;
        const prompt = prefixFor(c.opening, c.turns, last.index);
        const path = hhText(
          chosenPath(
            c.opening,
            c.turns.filter((t) => t.index <= last.index),
          ),
        );
        return pairs.map((pair) =>
          c.mode === "red_team"
            ? hhLine(hhText([...prompt, pair.chosen]), path)
            : hhLine(path, hhText([...prompt, pair.rejected])),
        );
      }
      return [];
    }
    case "sft":
      return [JSON.stringify({ messages: trl(chosenPath(c.opening, c.turns)), source: "human", ...tools })];
    case "red-team":
      if (c.mode !== "red_team") return [];
      return [
        JSON.stringify({
          transcript: hhText(chosenPath(c.opening, c.turns)),
          rating: c.outcome,
          task_description: c.taskDescription ?? "",
          red_team_member_id: c.labeler,
          harmfulness: turns.map((t) => t.harm),
          num_turns: turns.length,
          conversation_id: c.id,
          item_id: c.itemId,
          source: "human",
        }),
      ];
    case "raw":
      return [JSON.stringify(rawConversation(c))];
    default:
      return [];
  }
}

/** raw: the whole tree as stored (admin-only provenance: endpoints and models named). */
function rawConversation(c: ExportConversation) {
  return {
    conversation_id: c.id,
    item: c.itemId,
    labeler: c.labeler,
    mode: c.mode,
    created_at: c.createdAt.toISOString(),
    finished_at: c.finishedAt?.toISOString() ?? null,
    time_spent_ms: c.timeSpentMs,
    guideline_version: c.guidelineVersion,
    opening: c.opening,
    turns: [...c.turns]
      .sort((a, b) => a.index - b.index)
      .map((t) => ({
        index: t.index,
        input: t.input,
        replies: [...t.replies]
          .sort((a, b) => a.position - b.position)
          .map((r) => ({
            id: r.id,
            position: r.position,
            attempt: r.attempt,
            status: r.status,
            endpoint: r.endpointName,
            model: r.model,
            served_model: r.servedModel,
            text: r.text,
            tool_calls: r.toolCalls,
            finish_reason: r.finishReason,
            prompt_tokens: r.promptTokens,
            completion_tokens: r.completionTokens,
          })),
        ranking: t.ranking,
        chosen_reply_id: t.chosenReplyId,
        strength: t.strength,
        tie: t.tie,
        ratings: t.ratings,
        flags: t.flags,
        harm: t.harm,
        rewrite: t.rewriteText,
        comment: t.comment,
        time_spent_ms: t.timeSpentMs,
        guideline_version: t.guidelineVersion,
        chosen_at: t.chosenAt?.toISOString() ?? null,
      })),
    outcome: c.outcome,
    task_description: c.taskDescription,
    comment: c.comment,
    prompt_tokens: c.promptTokens,
    completion_tokens: c.completionTokens,
    cost_micros: c.costMicros,
    source: "human",
    ...(c.tools.length ? { tools: c.tools } : {}),
  };
}
