import "server-only";
import { refreshStaleAgreementStats } from "@/lib/server/agreement/item-stats";
import { requireProject } from "@/lib/server/projects/require-project";

/**
 * The explicit repair of a project's stale agreement stats (`agreement --project S
 * --refresh`): what the background refresher does for every project, now, for one. Derived
 * data only (no answer changes), so no audit event.
 */
export async function refreshProjectAgreementStats(slug: string): Promise<{ refreshed: number }> {
  const project = await requireProject(slug);
  return { refreshed: await refreshStaleAgreementStats(project.id) };
}
