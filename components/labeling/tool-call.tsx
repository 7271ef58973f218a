"use client";

import { useId, useState } from "react";
import type { ChatMessage } from "@/lib/domain/content-hash";
import { argumentsToObject } from "@/lib/domain/tool-calls";

// A message's tool calls ("Called `name`" with its arguments) or its tool result ("Result of
// `name`"), each collapsed to one line until opened. Arguments and results are model or file
// text: shown as plain text (React escapes it), never as Markdown or HTML.

/** JSON pretty-printed when it parses, as it came otherwise. */
function pretty(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? JSON.stringify(value, null, 2) : text;
  } catch {
    return text;
  }
}

function ToolBlock({ title, name, body, kind }: { title: string; name: string; body: string; kind: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="rounded-md border border-slate-200 bg-white/80" data-testid={kind}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center gap-2 rounded-md px-3 py-1.5 text-left text-xs font-medium text-slate-700 hover:bg-slate-50"
      >
        <span aria-hidden className="inline-block w-3 text-slate-400">
          {open ? "▾" : "▸"}
        </span>
        <span>
          {title} <code className="rounded bg-slate-100 px-1 font-mono text-slate-900">{name}</code>
        </span>
      </button>
      <pre
        id={id}
        hidden={!open}
        className="max-h-80 overflow-auto whitespace-pre-wrap break-words border-t border-slate-200 px-3 py-2 font-mono text-xs text-slate-800"
      >
        {body}
      </pre>
    </div>
  );
}

/**
 * The tool part of one message: its calls (an assistant message) or its result (a tool
 * message); nothing for other messages. `callNames` (call id -> function name, over the whole
 * conversation) names a result whose message does not carry the name itself.
 */
export function MessageToolCalls({ message, callNames }: { message: ChatMessage; callNames?: Map<string, string> }) {
  if (message.role === "tool") {
    const name = message.name ?? callNames?.get(message.tool_call_id ?? "") ?? "a tool";
    return (
      <ToolBlock
        title="Result of"
        name={name}
        body={message.content === "" ? "(empty result)" : pretty(message.content)}
        kind="tool-result"
      />
    );
  }
  if (!message.tool_calls?.length) return null;
  return (
    <ul className="mt-2 space-y-2" aria-label="Tool calls">
      {message.tool_calls.map((call) => {
        const args = argumentsToObject(call.function.arguments);
        return (
          <li key={call.id}>
            <ToolBlock
              title="Called"
              name={call.function.name}
              body={args.ok ? JSON.stringify(args.value, null, 2) : call.function.arguments}
              kind="tool-call"
            />
          </li>
        );
      })}
    </ul>
  );
}
