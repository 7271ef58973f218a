import "server-only";
import { refreshStaleAgreementStats } from "@/lib/server/agreement/item-stats";
import { pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";

/**
 * The explicit repair of a project's stale agreement stats (`agreement --project S
 * --refresh`): what the background refresher does for every project, now, for one. Derived
 * data only (no answer changes), so no audit event.
 */
export async function refreshProjectAgreementStats(slug: string): Promise<{ refreshed: number }> {
  const { rows } = await pool().query<{ id: string }>("SELECT id FROM projects WHERE slug = $1", [slug]);
  if (!rows[0]) throw new AppError("not_found", `no project with slug ${slug}`);
  return { refreshed: await refreshStaleAgreementStats(rows[0].id) };
}
