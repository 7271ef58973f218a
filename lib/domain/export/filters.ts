// The export's filters: what they are, how they are recorded (exports table, manifest, audit
// event), and the decisions taken in code rather than in SQL. The database applies the cheap
// ones while reading (item agreement, answer dates, the labelers kept); these decide per
// labeler and per item on what was read.
import { qualityOf, type QualityCounts } from "@/lib/domain/agreement/labeler-quality";
import type { RowSource } from "@/lib/domain/export/sources";
import type { SplitPart } from "@/lib/domain/export/split-parts";

export interface ExportFilters {
  /** Only items whose labelers' pairwise agreement reaches this (items with one ranking are left out). */
  minAgreement?: number;
  /** best-of-n: the winner's mean Likert score must reach this. */
  minLikert?: number;
  /** Only items with at least this many answers (counted after the labeler and date filters). */
  minAnnotations?: number;
  /** Leave out every item on which any kept answer flagged anything. */
  excludeFlagged?: boolean;
  /** Only answers of labelers whose agreement with the others' consensus reaches this (unmeasured labelers are left out). */
  minLabelerAgreement?: number;
  /** Only answers given at or after this instant (ISO 8601, checked by lib/validation/exports.ts). */
  from?: string;
  /** Only answers given before this instant (ISO 8601, checked by lib/validation/exports.ts). */
  to?: string;
  /** Only rows whose label came from these sources (docs/EXPORTS.md "Sources"); unset: every source. */
  sources?: RowSource[];
  /** A deterministic split by prompt, e.g. [{name: "train", share: 0.9}, {name: "test", share: 0.1}]. */
  split?: SplitPart[];
  /**
   * Demonstrations of a project that reviews them (docs/EXPORTS.md, "Reviewed demonstrations"):
   * "accepted" (the default there) leaves out rejected and pending ones, "reviewed" keeps only
   * those a reviewer accepted or edited, "all" keeps every one.
   */
  review?: "accepted" | "reviewed" | "all";
}

/** Filters as recorded in the manifest and the exports table (unset ones left out, a split as {name: share}). */
export function filtersRecord(filters: ExportFilters): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === false) continue;
    record[key] = key === "split" ? Object.fromEntries((value as SplitPart[]).map((p) => [p.name, p.share])) : value;
  }
  return record;
}

/**
 * The labelers whose answers a minLabelerAgreement filter keeps: agreement with the others'
 * consensus at least `min` (the agreement report's "with others" column); unmeasured labelers are left out.
 */
export function labelersMeetingAgreement(counts: Iterable<[string, QualityCounts]>, min: number): string[] {
  return [...counts]
    .filter(([labeler, c]) => {
      const agreement = qualityOf(labeler, c).agreementWithOthers;
      return agreement !== null && agreement >= min;
    })
    .map(([labeler]) => labeler);
}

/** The answers of an item that are left after the SQL filters; only their flags matter here. */
export interface FilteredAnswer {
  flags: Record<string, string[]> | null;
}

/** Whether an item goes into the export, given its answers left after the labeler and date filters. */
export function keepsItem(
  answers: FilteredAnswer[],
  filters: Pick<ExportFilters, "minAnnotations" | "excludeFlagged">,
) {
  if (answers.length === 0 || answers.length < (filters.minAnnotations ?? 1)) return false;
  if (filters.excludeFlagged && answers.some((a) => Object.values(a.flags ?? {}).some((list) => list.length)))
    return false;
  return true;
}
