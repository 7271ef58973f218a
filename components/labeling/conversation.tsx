import { Markdown } from "@/components/lazy-markdown";
import { toolCallNames } from "@/lib/domain/tool-calls";
import { MessageToolCalls } from "./tool-call";
import type { TaskView } from "./types";

const ROLE_STYLE = {
  system: { label: "System", className: "border-amber-200 bg-amber-50" },
  user: { label: "User", className: "border-slate-200 bg-white" },
  assistant: { label: "Assistant", className: "border-indigo-100 bg-indigo-50/60" },
  tool: { label: "Tool", className: "border-slate-200 bg-slate-50" },
} as const;

/** The prompt as chat turns, oldest first. */
export function Conversation({ messages }: { messages: TaskView["item"]["messages"] }) {
  const callNames = toolCallNames(messages);
  return (
    <ol className="space-y-3" aria-label="Conversation" data-testid="conversation">
      {messages.map((message, index) => {
        const style = ROLE_STYLE[message.role] ?? ROLE_STYLE.user;
        return (
          <li
            key={index}
            className={`rounded-lg border px-4 py-3 text-sm leading-relaxed ${style.className} ${
              message.role === "user" ? "mr-8" : message.role === "assistant" || message.role === "tool" ? "ml-8" : ""
            }`}
          >
            <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{style.label}</p>
            {/* A tool's result is shown by its block alone; a call-only reply has no text. */}
            {message.role !== "tool" && (message.content !== "" || !message.tool_calls?.length) && (
              <Markdown>{message.content}</Markdown>
            )}
            <MessageToolCalls message={message} callNames={callNames} />
          </li>
        );
      })}
    </ol>
  );
}
