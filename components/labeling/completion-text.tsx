import { Markdown } from "@/components/lazy-markdown";

/** True for a reply with nothing visible in it. Public datasets (HH-RLHF) have such replies. */
export const isEmptyReply = (text: string) => text.trim() === "";

/** Marks an empty reply in a label: "reply B (empty reply)". */
export const emptyReplySuffix = (text: string) => (isEmptyReply(text) ? " (empty reply)" : "");

/**
 * A completion's text as markdown, or, when it is empty, a marker saying so: an empty box
 * would look like a page that failed to load, and an empty reply is a real answer to judge.
 */
export function CompletionText({ text, className = "" }: { text: string; className?: string }) {
  if (isEmptyReply(text)) {
    return (
      <div className={className}>
        <p
          data-testid="empty-reply"
          className="inline-block rounded border border-dashed border-slate-300 bg-slate-50 px-2 py-1 text-sm italic text-slate-500"
        >
          (empty reply)
        </p>
      </div>
    );
  }
  return <Markdown className={className}>{text}</Markdown>;
}
