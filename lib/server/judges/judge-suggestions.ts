import "server-only";
import { judgeSuggestionsSchema } from "@/lib/validation/judges";
import { recordAudit } from "@/lib/server/audit-queries";
import { inTransaction, pool } from "@/lib/server/db/client";
import { setShowJudgeSuggestions, showJudgeSuggestionsOf } from "@/lib/server/judges/judge-queries";
import { judgeProject } from "@/lib/server/judges/judges";

// "Show suggestions" (docs/JUDGES.md, "Suggestions"): when a project turns it on, a labeler's
// comparison or ranking task carries the judge's verdict, labelled as a suggestion. When it is
// off the task never contains it: rlhf_task_view reads the verdict only when the setting is on.

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
