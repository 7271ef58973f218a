// Where an exported row's label came from (docs/EXPORTS.md "Sources"): every row of every
// format has one, written as a `source` column where the format has room for it and counted
// in the manifest (`rowsBySource`) always.

export const ROW_SOURCES = ["human", "judge", "judge+audited", "production"] as const;
export type RowSource = (typeof ROW_SOURCES)[number];

/**
 * Formats whose rows keep a fixed layout and so carry no `source` column: `preference-hh`
 * (the HH release's own lines, byte for byte, so that they import back) and `openai-dpo`
 * (OpenAI's fine-tuning file validation refuses keys it does not know). Their provenance is
 * in the manifest, and the `sources` filter makes a file of the sources wanted.
 */
export const FORMATS_WITHOUT_SOURCE_COLUMN: readonly string[] = ["preference-hh", "openai-dpo"];

/** A row as it is built: its JSONL line and where its label came from. */
export interface SourcedLine {
  line: string;
  source: RowSource;
  /** A `kto` row's label (the manifest's class weights count them). */
  label?: boolean;
}

/** `human,judge` as the API and the CLI take it; unknown or repeated names are refused. */
export function parseSources(spec: string): RowSource[] {
  const names = spec
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0) throw new Error(`sources must name at least one of ${ROW_SOURCES.join(", ")}`);
  for (const name of names)
    if (!(ROW_SOURCES as readonly string[]).includes(name))
      throw new Error(`unknown source "${name.slice(0, 24)}"; use ${ROW_SOURCES.join(", ")}`);
  if (new Set(names).size !== names.length) throw new Error("sources must not repeat");
  // In the one order of ROW_SOURCES, so that the same choice is recorded the same way.
  return ROW_SOURCES.filter((s) => names.includes(s));
}

/** Whether rows of this source go into an export (no `sources` filter: every source). */
export function wantsSource(sources: readonly RowSource[] | undefined, source: RowSource): boolean {
  return sources === undefined || sources.includes(source);
}
