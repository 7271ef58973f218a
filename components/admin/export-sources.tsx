import { ROW_SOURCES } from "@/lib/domain/export/sources";

/** What each source can give this project's export (lib/server/export/provenance-queries.ts). */
export interface ExportSourceCounts {
  answers: number;
  judgeVerdicts: number;
  feedbackEvents: number;
}

const number = (n: number) => n.toLocaleString("en");

const LABELS: Record<(typeof ROW_SOURCES)[number], string> = {
  human: "human: labelers' answers",
  judge: "judge: a judge's verdict alone",
  "judge+audited": "judge+audited: a judge's verdict a labeler confirmed",
  production: "production: users' feedback",
};

function countOf(source: (typeof ROW_SOURCES)[number], counts: ExportSourceCounts): string {
  if (source === "human") return `${number(counts.answers)} answers`;
  if (source === "production") return `${number(counts.feedbackEvents)} events`;
  return `${number(counts.judgeVerdicts)} items with a verdict`;
}

/**
 * Which sources' rows go in (docs/EXPORTS.md "Sources"), every one by default. Uncontrolled:
 * export-request.ts reads `source-<name>` ("true" when checked); `sourceChoice` says the form
 * has the choice at all.
 */
export function SourceOptions({ counts }: { counts: ExportSourceCounts | null }) {
  return (
    <fieldset className="space-y-1">
      <legend className="mb-1 text-sm font-medium text-slate-700">
        Sources (where each row&apos;s label came from)
      </legend>
      <input type="hidden" name="sourceChoice" value="1" />
      <div className="grid gap-1 md:grid-cols-2">
        {ROW_SOURCES.map((source) => (
          <label key={source} className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              name={`source-${source}`}
              value="true"
              defaultChecked
              className="accent-indigo-600"
            />
            <span>
              {LABELS[source]}
              {counts ? <span className="text-slate-500"> ({countOf(source, counts)})</span> : null}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
