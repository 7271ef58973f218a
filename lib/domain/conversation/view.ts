// What the labeler's page (and the API) sees of a conversation. Blind: no endpoint, model or
// cost of a single reply; the letters A-D are positions.
import type { ModelMessage, NextInput } from "@/lib/domain/conversation/transcript";
import type { ConversationMode, ToolCall, TurnInput } from "@/lib/validation/conversations";

export type ReplyStatus = "pending" | "streaming" | "done" | "failed" | "interrupted";

export interface ReplyStateView {
  id: string;
  position: number;
  status: ReplyStatus;
  text: string;
  toolCalls: ToolCall[];
  finishReason: string | null;
  /** Why it failed or stopped, in words safe to show. */
  error: string | null;
  /** Attempts made at this position so far (a regeneration adds one). */
  attempt: number;
}

export interface TurnStateView {
  index: number;
  input: TurnInput;
  replies: ReplyStateView[];
  chosenReplyId: string | null;
  ranking: string[][] | null;
  strength: number | null;
  harm: number | null;
  rewriteText: string | null;
  ratings: Record<string, number> | null;
  flags: Record<string, string[]> | null;
  comment: string | null;
}

/** What the page offers next. */
export type ConversationStep =
  | { kind: "input"; input: NextInput }
  /** Replies are pending, streaming or need a regeneration. */
  | { kind: "replies"; turn: number }
  | { kind: "choose"; turn: number }
  /** The maximum number of turns is reached: only finishing is left. */
  | { kind: "finish" }
  | { kind: "finished" }
  /** The lease ended (ran out, skipped, released): nothing more can be added. */
  | { kind: "closed" };

export interface ConversationView {
  id: string;
  leaseId: string;
  status: "active" | "finished" | "abandoned";
  mode: ConversationMode;
  itemNumber: number;
  expiresAt: string;
  project: {
    slug: string;
    name: string;
    replyCount: number;
    minTurns: number;
    maxTurns: number;
    likertEnabled: boolean;
    flags: string[];
  };
  opening: ModelMessage[];
  turns: TurnStateView[];
  /** Turns chosen so far. */
  chosenTurns: number;
  step: ConversationStep;
  /** Why the conversation cannot be finished yet; null when it can. */
  finishProblem: string | null;
  promptTokens: number;
  completionTokens: number;
  outcome: number | null;
  taskDescription: string | null;
}

export const REPLY_LETTERS = ["A", "B", "C", "D"] as const;

/** Whether a reply can be streamed again: it failed or stopped before the end. */
export const canRegenerate = (status: ReplyStatus) => status === "failed" || status === "interrupted";
