"use client";

import { memo } from "react";
import { Markdown } from "@/components/lazy-markdown";
import type { ChatMessage } from "@/lib/domain/content-hash";
import type { ModelMessage } from "@/lib/domain/conversation/transcript";
import { REPLY_LETTERS, type TurnStateView } from "@/lib/domain/conversation/view";
import { MessageToolCalls } from "./tool-call";

// The conversation so far: the opening and every chosen turn, as a chat (the user on the
// right, the assistant on the left). Finished turns never change, so each is memoized: a
// streaming reply below does not re-render them.

export function MessageBubble({ message, note }: { message: ModelMessage | ChatMessage; note?: string }) {
  const user = message.role === "user";
  const label = { system: "System", user: "You", assistant: "Assistant", tool: "Tool" }[message.role];
  return (
    <li className={`flex ${user ? "justify-end" : "justify-start"}`}>
      <div
        data-role={message.role}
        className={`max-w-[85%] rounded-2xl px-4 py-2.5 text-sm leading-relaxed ring-1 sm:max-w-[75%] ${
          user
            ? "bg-indigo-600 text-white ring-indigo-600 [&_a]:text-white [&_code]:text-indigo-950"
            : message.role === "system"
              ? "bg-amber-50 ring-amber-200"
              : "bg-white ring-slate-200"
        }`}
      >
        <p className={`mb-0.5 text-xs font-semibold ${user ? "text-indigo-100" : "text-slate-500"}`}>
          {label}
          {note ? <span className="ml-2 font-normal">{note}</span> : null}
        </p>
        {message.role !== "tool" &&
        (message.content !== "" || !("tool_calls" in message && message.tool_calls?.length)) ? (
          <Markdown>{message.content}</Markdown>
        ) : null}
        <MessageToolCalls message={message as ChatMessage} />
      </div>
    </li>
  );
}

const ChosenTurn = memo(function ChosenTurn({ turn }: { turn: TurnStateView }) {
  const chosen = turn.replies.find((r) => r.id === turn.chosenReplyId);
  return (
    <>
      {turn.input.map((message, i) => (
        <MessageBubble key={i} message={message} />
      ))}
      {chosen ? (
        <MessageBubble
          message={
            chosen.toolCalls.length
              ? { role: "assistant", content: turn.rewriteText ?? chosen.text, tool_calls: chosen.toolCalls }
              : { role: "assistant", content: turn.rewriteText ?? chosen.text }
          }
          note={`reply ${REPLY_LETTERS[chosen.position]}${turn.rewriteText !== null ? ", rewritten by you" : ""}`}
        />
      ) : null}
    </>
  );
});

/** The opening and chosen turns; the open turn's own message at the end. */
export const ConversationThread = memo(function ConversationThread({
  opening,
  turns,
}: {
  opening: ModelMessage[];
  turns: TurnStateView[];
}) {
  return (
    <ol className="space-y-3" aria-label="Conversation" data-testid="conversation-thread">
      {opening.map((message, i) => (
        <MessageBubble key={`o${i}`} message={message} />
      ))}
      {turns.map((turn) => (
        <ChosenTurn key={`${turn.index}:${turn.chosenReplyId ?? ""}`} turn={turn} />
      ))}
    </ol>
  );
});
