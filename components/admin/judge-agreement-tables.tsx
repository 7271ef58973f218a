import Link from "next/link";
import { percent, sliceRows } from "@/components/admin/judge-agreement-figures";
import { Table } from "@/components/ui/table";
import type { DisagreementRow, JudgeAgreementReport } from "@/lib/server/judges/judge-agreement";

const cell = "px-5 py-2 align-top";

/** Every slice's figures, grouped (model pair, flag, prompt length). */
export function SliceTable({ report }: { report: JudgeAgreementReport }) {
  const rows = sliceRows(report);
  if (rows.length === 0) return <p className="text-sm text-slate-500">No slice has comparisons yet.</p>;
  return (
    <Table
      testId="slice-table"
      columns={[
        { label: "Slice" },
        { label: "Agreement", align: "right" },
        { label: "95% interval", align: "right" },
        { label: "Kappa", align: "right" },
        { label: "Comparisons", align: "right" },
        { label: "Items", align: "right" },
      ]}
    >
      {rows.map(({ group, label, slice }) => (
        <tr key={`${group}:${label}`}>
          <td className={cell}>
            <span className="text-xs text-slate-500">{group}</span> <span className="text-slate-800">{label}</span>
          </td>
          <td className={`${cell} text-right tabular-nums`}>{percent(slice.agreement)}</td>
          <td className={`${cell} text-right tabular-nums whitespace-nowrap`}>
            {slice.ci95 ? `${percent(slice.ci95[0])}–${percent(slice.ci95[1])}` : "–"}
          </td>
          <td className={`${cell} text-right tabular-nums`}>{slice.kappa === null ? "–" : slice.kappa.toFixed(2)}</td>
          <td className={`${cell} text-right tabular-nums`}>{slice.comparisons.toLocaleString("en")}</td>
          <td className={`${cell} text-right tabular-nums`}>{slice.items.toLocaleString("en")}</td>
        </tr>
      ))}
    </Table>
  );
}

/** Completions by letter in the item's order (A, B, ...), as labelers and the item page name them. */
function letters(row: DisagreementRow): Map<string, string> {
  return new Map(row.completions.map((c, i) => [c.id, String.fromCharCode(65 + i)]));
}

/** A ranking as letters: "B > A = C"; a completion it does not place is left out. */
function rankingText(ranking: string[][], letterOf: Map<string, string>): string {
  return ranking
    .map((group) =>
      group
        .map((id) => letterOf.get(id))
        .filter(Boolean)
        .join(" = "),
    )
    .filter(Boolean)
    .join(" > ");
}

const label = "text-xs font-semibold uppercase tracking-wide text-slate-500";

/**
 * One page of the items where the judge contradicts the human majority: a row per item on a
 * wide screen, a stacked card on a narrow one. Texts are shown as text.
 */
export function DisagreementsTable({ slug, rows }: { slug: string; rows: DisagreementRow[] }) {
  return (
    <ol className="-mx-5 -my-5 divide-y divide-slate-100" data-testid="disagreements">
      {rows.map((row) => {
        const letterOf = letters(row);
        return (
          <li
            key={row.itemId}
            data-testid="disagreement-row"
            className="grid gap-3 px-5 py-4 text-sm lg:grid-cols-[7rem_6rem_6rem_minmax(0,1fr)_minmax(0,1.4fr)]"
          >
            <div>
              <Link
                href={`/admin/projects/${slug}/items/${row.itemId}`}
                className="font-medium text-indigo-700 hover:underline"
              >
                #{row.number}
              </Link>
              <p className="mt-1 text-xs text-slate-500">
                {row.contradicted} of {row.majorityPairs} pairs contradicted
              </p>
            </div>
            <div>
              <p className={label}>Judge</p>
              <p className="font-medium text-slate-900">{rankingText(row.judge, letterOf)}</p>
            </div>
            <div>
              <p className={label}>Humans</p>
              <ul className="text-slate-700">
                {row.humans.map((ranking, i) => (
                  <li key={i}>{rankingText(ranking, letterOf)}</li>
                ))}
              </ul>
            </div>
            <div>
              <p className={label}>Rationale</p>
              <p className="line-clamp-4 whitespace-pre-wrap break-words text-slate-700">
                {row.rationale ?? <span className="text-slate-400">none given</span>}
              </p>
            </div>
            <div>
              <p className={label}>Prompt and replies</p>
              <p className="line-clamp-2 whitespace-pre-wrap break-words text-xs text-slate-500" title={row.prompt}>
                {row.prompt}
              </p>
              <ul className="mt-1 space-y-1">
                {row.completions.map((c) => (
                  <li key={c.id} className="text-xs">
                    <span className="font-semibold text-slate-800">{letterOf.get(c.id)}</span>{" "}
                    <span className="text-slate-500">
                      ({c.model ?? "no model"}, {c.length.toLocaleString("en")} chars)
                    </span>{" "}
                    <span className="line-clamp-2 whitespace-pre-wrap break-words text-slate-700">{c.text}</span>
                  </li>
                ))}
              </ul>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
