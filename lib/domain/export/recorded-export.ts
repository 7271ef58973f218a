// How the exports table shows a recorded export: its filters in words, the part it holds, and
// the link that downloads the same export again. Reads the record as stored
// (filtersRecord in filters.ts: unset filters left out, a split as {name: share}; the split's
// order in `splitParts`, as JSONB keeps no key order and the order decides the parts). Pure.

export interface RecordedExport {
  format: string;
  filters: Record<string, unknown>;
  fileName: string | null;
  /** The split's part names in the order given; [] (records made before it was kept): JSON order. */
  splitParts?: string[];
}

const percent = (value: unknown) => `${Math.round(Number(value) * 1000) / 10}%`;

/** The recorded filters as short phrases ("item agreement ≥ 60%"), in a fixed order. */
export function describeFilters(record: Pick<RecordedExport, "filters" | "splitParts">): string[] {
  const phrases: string[] = [];
  const f = record.filters;
  if (f.minAgreement !== undefined) phrases.push(`item agreement ≥ ${percent(f.minAgreement)}`);
  if (f.minLabelerAgreement !== undefined) phrases.push(`labelers agreeing ≥ ${percent(f.minLabelerAgreement)}`);
  if (f.minAnnotations !== undefined) phrases.push(`≥ ${String(f.minAnnotations)} answers per item`);
  if (f.excludeFlagged === true) phrases.push("flagged items left out");
  if (f.minLikert !== undefined) phrases.push(`winner's mean Likert ≥ ${String(f.minLikert)}`);
  if (typeof f.from === "string") phrases.push(`answers from ${f.from}`);
  if (typeof f.to === "string") phrases.push(`answers before ${f.to}`);
  if (Array.isArray(f.sources)) phrases.push(`sources ${f.sources.join(", ")}`);
  // Peer review (docs/EXPORTS.md, "Reviewed demonstrations").
  if (f.review === "accepted") phrases.push("review: accepted and not sampled");
  if (f.review === "reviewed") phrases.push("review: accepted by a reviewer only");
  if (f.review === "all") phrases.push("review: all, rejected included");
  const split = splitOf(record);
  if (split) phrases.push(`split ${split.map(([name, share]) => `${name} ${percent(share)}`).join(" / ")}`);
  return phrases;
}

function splitOf(record: Pick<RecordedExport, "filters" | "splitParts">): [string, number][] | null {
  const split = record.filters.split;
  if (!split || typeof split !== "object" || Array.isArray(split)) return null;
  const shares = split as Record<string, unknown>;
  const order = record.splitParts?.length ? record.splitParts : Object.keys(shares);
  return order.filter((name) => name in shares).map((name) => [name, Number(shares[name])]);
}

/**
 * The part a record holds: a part's name for a browser download of one part
 * (`slug-format-train.jsonl`), "all" for a split downloaded or written whole (a bundle, the
 * CLI), null without a split.
 */
export function exportPart(record: Omit<RecordedExport, "format">): string | null {
  const split = splitOf(record);
  if (!split) return null;
  const file = record.fileName ?? "";
  const part = split.find(([name]) => file.endsWith(`-${name}.jsonl`));
  return part ? part[0] : "all";
}

/** The URL that runs the same export again (the data may have changed since: a new record). */
export function redownloadHref(slug: string, record: RecordedExport): string {
  const query = new URLSearchParams({ format: record.format });
  for (const [key, value] of Object.entries(record.filters)) {
    if (key === "split" || value === undefined || value === null || value === false) continue;
    query.set(key, String(value));
  }
  const split = splitOf(record);
  const part = exportPart(record);
  const base = `/api/projects/${encodeURIComponent(slug)}/export`;
  if (!split) return `${base}?${query}`;
  query.set("split", split.map(([name, share]) => `${name}=${share}`).join(","));
  if (part === "all") return `${base}/bundle?${query}`;
  query.set("part", part!);
  return `${base}?${query}`;
}
