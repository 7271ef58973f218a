import { Badge } from "@/components/ui/badge";

interface Feedback {
  status: "pending" | "accepted" | "edited" | "rejected";
  reason: string | null;
  editedText: string | null;
}

const LABEL = {
  pending: { text: "Waiting for review", tone: "slate" },
  accepted: { text: "Accepted by a reviewer", tone: "green" },
  edited: { text: "Edited by a reviewer", tone: "indigo" },
  rejected: { text: "Rejected by a reviewer", tone: "amber" },
} as const;

/** "My recent answers": what a reviewer decided on one of the labeler's demonstrations. Text only. */
export function ReviewFeedbackNote({ review }: { review: Feedback }) {
  const label = LABEL[review.status];
  return (
    <div className="mt-2 space-y-1 text-xs" data-testid="answer-review" data-status={review.status}>
      <Badge tone={label.tone}>{label.text}</Badge>
      {review.status === "rejected" && review.reason ? (
        <p className="text-slate-700">
          <span className="font-medium">Reason:</span>{" "}
          <span className="whitespace-pre-wrap break-words" data-testid="review-reason">
            {review.reason}
          </span>
        </p>
      ) : null}
      {review.status === "edited" && review.editedText ? (
        <details className="text-slate-700">
          <summary className="cursor-pointer font-medium text-indigo-700">The reviewer&apos;s version</summary>
          <p
            className="mt-1 max-h-60 overflow-auto rounded border border-slate-200 bg-slate-50 px-2 py-1 whitespace-pre-wrap break-words"
            data-testid="review-edited-text"
          >
            {review.editedText}
          </p>
        </details>
      ) : null}
    </div>
  );
}
