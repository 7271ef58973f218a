import "server-only";
import { exportFormatsFor } from "@/lib/domain/export/formats";
import type { ProjectKind } from "@/lib/domain/project-kinds";
import { pool } from "@/lib/server/db/client";
import { exportSourceCounts } from "@/lib/server/export/provenance-queries";

/**
 * The export form's formats and source counts: a demonstration project that received feedback
 * exports ratings and pairs too, as the API allows (findExportedProject).
 */
export async function exportSourceChoices(project: { id: string; kind: string }) {
  const sourceCounts = await exportSourceCounts(pool(), project.id);
  const formats = exportFormatsFor(project.kind as ProjectKind, { feedback: sourceCounts.feedbackEvents > 0 });
  return { formats: formats as string[], sourceCounts };
}
