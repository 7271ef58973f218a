import "server-only";
import type { ExportFilters } from "@/lib/domain/export/filters";
import { pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { projectReviews } from "@/lib/server/reviews/review-queries";

/**
 * The export's peer-review filter (docs/EXPORTS.md, "Reviewed demonstrations"): a demonstration
 * project that reviews (a review rate above 0, or reviews from before) exports "accepted" unless
 * told otherwise, and the manifest records it; a project that never reviewed records nothing
 * (every answer goes in, as before). Other kinds have no reviews to filter on.
 */
export async function withReviewDefault(
  project: { id: string; kind: string },
  filters: ExportFilters,
): Promise<ExportFilters> {
  if (project.kind !== "demonstration") {
    if (filters.review !== undefined)
      throw new AppError("bad_request", `review applies to demonstration projects, not a ${project.kind} project`);
    return filters;
  }
  if (filters.review !== undefined || !(await projectReviews(pool(), project.id))) return filters;
  return { ...filters, review: "accepted" };
}
