// A judge's suggestion as a labeler's task shows it (docs/JUDGES.md, "Suggestions"): the
// verdict rlhf_task_view attached, cut to the completions this task shows (a labeler's rewrite or
// a completion added since may be in the verdict and not on the page); none when nothing is left.

interface SuggestedTask {
  item: { completions: { id: string }[] };
  judgeSuggestion?: { judge: string; ranking: string[][]; rationale: string | null };
}

export function withShownSuggestion<T extends SuggestedTask>(task: T): T;
export function withShownSuggestion<T extends SuggestedTask>(task: T | null): T | null;
export function withShownSuggestion<T extends SuggestedTask>(task: T | null): T | null {
  if (!task?.judgeSuggestion) return task;
  const shown = new Set(task.item.completions.map((c) => c.id));
  const ranking = task.judgeSuggestion.ranking
    .map((group) => group.filter((id) => shown.has(id)))
    .filter((group) => group.length > 0);
  const { judgeSuggestion, ...rest } = task;
  if (ranking.length === 0) return rest as T;
  return { ...rest, judgeSuggestion: { ...judgeSuggestion, ranking } } as T;
}
