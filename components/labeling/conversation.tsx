import { Markdown } from "@/components/lazy-markdown";
import type { TaskView } from "./types";

const ROLE_STYLE = {
  system: { label: "System", className: "border-amber-200 bg-amber-50" },
  user: { label: "User", className: "border-slate-200 bg-white" },
  assistant: { label: "Assistant", className: "border-indigo-100 bg-indigo-50/60" },
} as const;

/** The prompt as chat turns, oldest first. */
export function Conversation({ messages }: { messages: TaskView["item"]["messages"] }) {
  return (
    <ol className="space-y-3" aria-label="Conversation" data-testid="conversation">
      {messages.map((message, index) => {
        const style = ROLE_STYLE[message.role] ?? ROLE_STYLE.user;
        return (
          <li
            key={index}
            className={`rounded-lg border px-4 py-3 text-sm leading-relaxed ${style.className} ${
              message.role === "user" ? "mr-8" : message.role === "assistant" ? "ml-8" : ""
            }`}
          >
            <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{style.label}</p>
            <Markdown>{message.content}</Markdown>
          </li>
        );
      })}
    </ol>
  );
}
