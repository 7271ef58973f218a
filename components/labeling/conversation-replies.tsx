"use client";

import { memo } from "react";
import { Markdown } from "@/components/lazy-markdown";
import { canRegenerate, REPLY_LETTERS, type ReplyStateView } from "@/lib/domain/conversation/view";
import { useLiveReply, type ReplyStreamStore } from "./reply-stream-store";
import { MessageToolCalls } from "./tool-call";

// The open turn's K replies side by side (stacked on phones), labelled A-D. A reply streams as
// plain text (no Markdown parse per token) and becomes Markdown when it ends.

const STATUS_TEXT = {
  pending: "Waiting…",
  streaming: "Writing…",
  done: "",
  failed: "Failed",
  interrupted: "Interrupted",
} as const;

const ReplyCard = memo(function ReplyCard({
  reply,
  store,
  selected,
  onRegenerate,
  regenerating,
}: {
  reply: ReplyStateView;
  store: ReplyStreamStore;
  selected: boolean;
  onRegenerate: (position: number) => void;
  regenerating: boolean;
}) {
  const live = useLiveReply(store, reply);
  const letter = REPLY_LETTERS[reply.position];
  const broken = canRegenerate(live.status);
  return (
    <section
      aria-label={`Reply ${letter}`}
      data-testid={`reply-${letter}`}
      data-status={live.status}
      className={`min-w-0 rounded-xl bg-white p-4 ring-1 ${
        selected ? "ring-2 ring-indigo-600" : broken ? "ring-rose-300" : "ring-slate-200"
      }`}
    >
      <header className="mb-2 flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-900">
          Reply <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">{letter}</kbd>
        </h3>
        {STATUS_TEXT[live.status] ? (
          <span
            className={`text-xs ${broken ? "font-medium text-rose-700" : "text-slate-500"}`}
            role={broken ? undefined : "status"}
          >
            {STATUS_TEXT[live.status]}
          </span>
        ) : null}
      </header>
      <div className="text-sm leading-relaxed text-slate-900" data-testid="reply-text">
        {live.status === "done" ? (
          live.text !== "" || reply.toolCalls.length === 0 ? (
            <Markdown>{live.text === "" ? "(empty reply)" : live.text}</Markdown>
          ) : null
        ) : (
          <div className="whitespace-pre-wrap break-words">{live.text}</div>
        )}
      </div>
      {live.status === "done" ? (
        <MessageToolCalls message={{ role: "assistant", content: live.text, tool_calls: reply.toolCalls }} />
      ) : null}
      {broken ? (
        <div role="alert" className="mt-3 rounded-md bg-rose-50 px-3 py-2 text-xs text-rose-800 ring-1 ring-rose-200">
          <p>
            {live.status === "interrupted" ? "This reply stopped before the end" : "This reply failed"}
            {live.error ? `: ${live.error}` : "."}
          </p>
          <button
            type="button"
            disabled={regenerating}
            onClick={() => onRegenerate(reply.position)}
            className="mt-2 rounded-md bg-rose-700 px-3 py-1.5 text-xs font-semibold text-white disabled:opacity-60"
          >
            {regenerating ? "Regenerating…" : `Regenerate reply ${letter}`}
          </button>
        </div>
      ) : null}
    </section>
  );
});

export function ReplyGrid({
  replies,
  store,
  selectedId,
  onRegenerate,
  regenerating,
}: {
  replies: ReplyStateView[];
  store: ReplyStreamStore;
  selectedId: string | null;
  onRegenerate: (position: number) => void;
  regenerating: boolean;
}) {
  const sorted = [...replies].sort((a, b) => a.position - b.position);
  return (
    <div
      className={`grid gap-3 ${
        sorted.length === 3
          ? "md:grid-cols-3"
          : sorted.length === 4
            ? "md:grid-cols-2 xl:grid-cols-4"
            : "md:grid-cols-2"
      }`}
      data-testid="replies"
    >
      {sorted.map((reply) => (
        <ReplyCard
          key={reply.id}
          reply={reply}
          store={store}
          selected={reply.id === selectedId}
          onRegenerate={onRegenerate}
          regenerating={regenerating}
        />
      ))}
    </div>
  );
}
