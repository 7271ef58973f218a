import { letterFor, rankingAsText } from "@/lib/domain/ranking-text";
import type { TaskView } from "./types";

/**
 * An AI judge's verdict on this task, shown only when the project turns suggestions on (the
 * server leaves it out otherwise). Named by this labeler's own letters; the judge's reasoning
 * is model text, rendered as text and collapsed.
 */
export function JudgeSuggestion({ task }: { task: TaskView }) {
  const suggestion = task.judgeSuggestion;
  if (!suggestion) return null;
  const places = new Map(task.item.completions.map((c, i) => [c.id, letterFor(i)]));
  const letterOf = (id: string) => places.get(id) ?? "?";
  const [best, ...rest] = suggestion.ranking;
  const verdict =
    task.item.completions.length === 2 && best
      ? rest.length === 0
        ? "rates the replies equally good"
        : `prefers reply ${best.map(letterOf).join(" = ")}`
      : `ranks ${rankingAsText(suggestion.ranking, letterOf)}`;
  return (
    <aside
      aria-label="AI judge suggestion"
      data-testid="judge-suggestion"
      className="mb-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <p>
        <span className="font-semibold">Suggestion</span> (AI judge {suggestion.judge}, may be wrong): the judge{" "}
        {verdict}. Give your own answer.
      </p>
      {suggestion.rationale ? (
        <details className="mt-1">
          <summary className="cursor-pointer text-amber-800">The judge&apos;s reasoning</summary>
          {/* The reasoning is the judge's own text: it names the replies by the letters of the
              order the judge saw, which is not this labeler's. */}
          <p className="mt-1 text-xs text-amber-800">
            The judge saw the replies in another order: the letters in its reasoning are not yours.
          </p>
          <p className="mt-1 whitespace-pre-wrap text-amber-900">{suggestion.rationale}</p>
        </details>
      ) : null}
    </aside>
  );
}
