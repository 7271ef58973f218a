// From the export form's fields to the export API's query string, checked with the same schema
// the server uses, so that options it would refuse are refused before a download starts (a
// refused download shows up only as a failed file in the browser's download list).
// Pure: no DOM, no React.
import { ROW_SOURCES } from "@/lib/domain/export/sources";
import { exportOptionsSchema } from "@/lib/validation/exports";

export type ExportRequest =
  | {
      ok: true;
      query: URLSearchParams;
      /** The split part downloaded ("all": every part in one zip with the manifest), or null without a split. */
      part: string | null;
      /** Every part of the split in one zip: GET …/export/bundle instead of …/export. */
      bundle: boolean;
      /** The form's values, to fill the form in again on the next visit. */
      remembered: Record<string, string>;
    }
  | { ok: false; message: string };

/** `fields`: the form's entries (FormData), `format` and `split` as the page shows them. */
export function exportRequest(fields: Iterable<[string, string]>, format: string, split: boolean): ExportRequest {
  const values = new Map<string, string>();
  const remembered: Record<string, string> = {};
  for (const [name, value] of fields) {
    if (!values.has(name)) values.set(name, value);
    remembered[name] = value;
  }
  remembered.useSplit = String(split);

  const query = new URLSearchParams({ format });
  // Percentages on the page are shares (0-1) in the API.
  const number = (name: string, scale = 1) => {
    const value = (values.get(name) ?? "").trim();
    if (value !== "") query.set(name, String(Number(value) / scale));
  };
  number("minAgreement", 100);
  number("minLabelerAgreement", 100);
  number("minAnnotations");
  if (format === "best-of-n") number("minLikert");
  if (values.get("excludeFlagged")) query.set("excludeFlagged", "true");
  // Peer review: empty is the server's default (accepted when the project reviews).
  const review = values.get("review") ?? "";
  if (review) query.set("review", review);
  for (const name of ["from", "to"]) {
    const value = values.get(name) ?? "";
    if (value) query.set(name, value);
  }
  // Sources (export-sources.tsx): every one is the default, sent as no filter at all.
  if (values.has("sourceChoice")) {
    const sources = ROW_SOURCES.filter((s) => values.get(`source-${s}`) === "true");
    for (const s of ROW_SOURCES) remembered[`source-${s}`] = String(sources.includes(s));
    if (sources.length === 0) return { ok: false, message: "Choose at least one source." };
    if (sources.length < ROW_SOURCES.length) query.set("sources", sources.join(","));
  }
  let part: string | null = null;
  if (split) {
    const train = Number(values.get("trainShare") ?? 90);
    if (!(train > 0 && train < 100)) return { ok: false, message: "The training share must be between 1 and 99%." };
    part = values.get("part") ?? "all";
    query.set("split", `train=${train / 100},test=${Math.round(100 - train) / 100}`);
    if (part !== "all") query.set("part", part);
  }

  const checked = exportOptionsSchema.safeParse(Object.fromEntries(query));
  if (!checked.success) {
    return {
      ok: false,
      message: checked.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`).join("; "),
    };
  }
  return { ok: true, query, part, bundle: part === "all", remembered };
}

/** The remembered values, or null when there are none or they cannot be read. */
export function readRemembered(text: string | null): Record<string, string> | null {
  if (!text) return null;
  try {
    const values: unknown = JSON.parse(text);
    if (!values || typeof values !== "object" || Array.isArray(values)) return null;
    return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, String(value)]));
  } catch {
    return null;
  }
}
