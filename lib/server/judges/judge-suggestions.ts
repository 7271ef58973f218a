import "server-only";
import { judgeSuggestionsSchema } from "@/lib/validation/judges";
import { recordAudit } from "@/lib/server/audit-queries";
import { inTransaction, pool } from "@/lib/server/db/client";
import { setShowJudgeSuggestions, showJudgeSuggestionsOf, suggestionFor } from "@/lib/server/judges/judge-queries";
import { judgeProject } from "@/lib/server/judges/judges";
import type { TaskView } from "@/lib/server/queue/task-view";

// "Show suggestions" (docs/JUDGES.md, "Suggestions"): when a project turns it on, a labeler's
// comparison or ranking task carries the judge's verdict, labelled as a suggestion. When it is
// off the task never contains it: the query itself checks the project's setting.

export async function withJudgeSuggestion(task: TaskView | null): Promise<TaskView | null> {
  if (!task || (task.project.kind !== "comparison" && task.project.kind !== "ranking")) return task;
  const found = await suggestionFor(pool(), task.item.id);
  if (!found) return task;
  const shown = new Set(task.item.completions.map((c) => c.id));
  const ranking = found.ranking.map((group) => group.filter((id) => shown.has(id))).filter((g) => g.length > 0);
  if (ranking.length === 0) return task;
  return { ...task, judgeSuggestion: { judge: found.judge, ranking, rationale: found.rationale } };
}

export async function judgeSuggestionSetting(slug: string) {
  const project = await judgeProject(slug);
  return { showJudgeSuggestions: await showJudgeSuggestionsOf(pool(), project.id) };
}

export async function updateJudgeSuggestions(options: { slug: string; input: unknown; actorId: string | null }) {
  const { showJudgeSuggestions } = judgeSuggestionsSchema.parse(options.input);
  return inTransaction(async (tx) => {
    const project = await judgeProject(options.slug, tx);
    const before = await setShowJudgeSuggestions(tx, project.id, showJudgeSuggestions);
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "project.judge_suggestions",
      entityType: "project",
      entityId: project.id,
      projectId: project.id,
      before: { showJudgeSuggestions: before },
      after: { showJudgeSuggestions },
    });
    return { showJudgeSuggestions };
  });
}
