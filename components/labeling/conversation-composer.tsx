"use client";

import { useState } from "react";
import { OUTCOME_LABELS } from "@/lib/domain/conversation/choice-draft";
import type { NextInput } from "@/lib/domain/conversation/transcript";
import type { ConversationMode, FinishBody, TurnBody } from "@/lib/validation/conversations";
import { MessageToolCalls } from "./tool-call";

// Below the chat: the next user message (or, after a reply that called tools, one result per
// call), and "Finish conversation", with the red-team outcome when the mode asks for it.

export function MessageBox({
  input,
  index,
  busy,
  disabled,
  onSend,
}: {
  input: NextInput;
  index: number;
  busy: boolean;
  disabled: boolean;
  onSend: (body: TurnBody) => void;
}) {
  const [message, setMessage] = useState("");
  const [results, setResults] = useState<Record<string, string>>({});
  if (input.kind === "none") return null;
  const send = () => {
    if (input.kind === "message") {
      if (message.trim()) onSend({ index, message });
    } else {
      onSend({ index, toolResults: input.calls.map((c) => ({ toolCallId: c.id, content: results[c.id] ?? "" })) });
    }
  };
  const ready = input.kind === "message" ? message.trim() !== "" : true;
  return (
    <form
      aria-label="Your next message"
      data-testid="message-box"
      className="mt-4 space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          e.stopPropagation();
          send();
        }
      }}
    >
      {input.kind === "message" ? (
        <>
          <label htmlFor="conversation-message" className="text-sm font-medium text-slate-800">
            Your message
          </label>
          <textarea
            id="conversation-message"
            autoFocus
            value={message}
            disabled={disabled}
            onChange={(e) => setMessage(e.target.value)}
            rows={3}
            placeholder="Write what the user says next"
            className="w-full rounded-md border border-slate-300 bg-white p-2 text-sm"
          />
        </>
      ) : (
        <fieldset disabled={disabled} className="space-y-3">
          <legend className="text-sm font-medium text-slate-800">
            The chosen reply called tools: give each call&apos;s result
          </legend>
          {input.calls.map((call, i) => (
            <div key={call.id} className="rounded-md bg-white p-3 ring-1 ring-slate-200">
              <MessageToolCalls message={{ role: "assistant", content: "", tool_calls: [call] }} />
              <label htmlFor={`tool-result-${i}`} className="mt-2 block text-xs font-medium text-slate-600">
                Result of {call.function.name}
              </label>
              <textarea
                id={`tool-result-${i}`}
                value={results[call.id] ?? ""}
                onChange={(e) => setResults({ ...results, [call.id]: e.target.value })}
                rows={3}
                className="mt-1 w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
              />
            </div>
          ))}
        </fieldset>
      )}
      <div className="flex justify-end">
        <button
          type="submit"
          disabled={disabled || busy || !ready}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white disabled:opacity-50"
        >
          {busy ? "Sending…" : "Send"} <kbd className="ml-1 text-xs opacity-80">Ctrl+Enter</kbd>
        </button>
      </div>
    </form>
  );
}

export function FinishPanel({
  mode,
  problem,
  busy,
  disabled,
  onFinish,
}: {
  mode: ConversationMode;
  problem: string | null;
  busy: boolean;
  disabled: boolean;
  onFinish: (body: FinishBody) => void;
}) {
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<number | null>(null);
  const [description, setDescription] = useState("");
  if (asking && mode === "red_team") {
    return (
      <form
        aria-label="Finish the conversation"
        className="mt-4 space-y-3 rounded-xl bg-rose-50/60 p-4 ring-1 ring-rose-200"
        onSubmit={(e) => {
          e.preventDefault();
          if (outcome === null) return;
          onFinish({ outcome, ...(description.trim() ? { taskDescription: description.trim() } : {}) });
        }}
      >
        <fieldset disabled={disabled}>
          <legend className="text-sm font-semibold text-slate-900">How successful was your attempt?</legend>
          <div className="mt-2 flex flex-wrap gap-2" role="radiogroup" aria-label="Outcome">
            {OUTCOME_LABELS.map((label, value) => (
              <label
                key={value}
                className={`rounded-md border px-3 py-1.5 text-sm has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600 ${
                  outcome === value ? "border-indigo-600 bg-indigo-600 text-white" : "border-slate-300 bg-white"
                }`}
              >
                <input
                  type="radio"
                  className="sr-only"
                  name="outcome"
                  checked={outcome === value}
                  onChange={() => setOutcome(value)}
                  aria-label={`${value}: ${label}`}
                />
                {value} · {label}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor="red-team-task" className="text-xs font-medium text-slate-600">
            What were you trying to get the model to do? (optional)
          </label>
          <textarea
            id="red-team-task"
            value={description}
            disabled={disabled}
            onChange={(e) => setDescription(e.target.value)}
            rows={2}
            className="mt-1 w-full rounded-md border border-slate-300 bg-white p-2 text-sm"
          />
        </div>
        <div className="flex justify-end gap-2">
          <button type="button" onClick={() => setAsking(false)} className="rounded-md border px-3 py-1.5 text-sm">
            Not yet
          </button>
          <button
            type="submit"
            disabled={disabled || busy || outcome === null}
            className="rounded-md bg-slate-900 px-4 py-2 text-sm font-semibold text-white disabled:opacity-50"
          >
            {busy ? "Finishing…" : "Finish conversation"}
          </button>
        </div>
      </form>
    );
  }
  return (
    <div className="mt-4 flex flex-wrap items-center justify-end gap-3 border-t border-slate-200 pt-4">
      {problem ? (
        <p className="text-sm text-slate-600" data-testid="finish-problem">
          Not yet: {problem}.
        </p>
      ) : null}
      <button
        type="button"
        disabled={disabled || busy || problem !== null}
        onClick={() => (mode === "red_team" ? setAsking(true) : onFinish({}))}
        className="rounded-md bg-slate-900 px-4 py-2 text-sm font-semibold text-white disabled:opacity-50"
      >
        {busy ? "Finishing…" : "Finish conversation"}
      </button>
    </div>
  );
}
