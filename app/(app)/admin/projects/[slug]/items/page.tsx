import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass, secondaryButtonClass } from "@/components/ui/field-styles";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { pageSlugFrom } from "@/lib/server/route-params";
import { requirePageProject } from "@/lib/server/projects/page-project";
import { listItems } from "@/lib/server/items/list-items";
import { itemFilterOf, itemFilterParams, parseItemListQuery, queryString } from "@/lib/validation/item-filter";

export const metadata: Metadata = { title: "Items" };

export default async function ItemsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageAdmin();
  const slug = await pageSlugFrom(params);
  const project = await requirePageProject(slug);
  const raw = await searchParams;
  const pick = (key: string) => (typeof raw[key] === "string" && raw[key] ? (raw[key] as string) : undefined);
  const query = parseItemListQuery(raw);
  const { items, nextAfter, prevBefore } = await listItems(project.id, itemFilterOf(query));
  const keep = itemFilterParams(query);
  const listHref = (cursor: Record<string, string>) =>
    `/admin/projects/${slug}/items${queryString({ ...keep, ...cursor })}`;
  return (
    <>
      <Link href={`/admin/projects/${slug}`} className="text-sm text-indigo-700 hover:underline">
        ← {project.name}
      </Link>
      <PageHeader title="Items" description="Every item of the project in arrival order, with its answers." />
      <Card>
        <form className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter items">
          {(
            [
              [
                "status",
                "Status",
                [
                  ["", "Any"],
                  ["open", "Open"],
                  ["done", "Done"],
                  ["archived", "Archived"],
                ],
              ],
              [
                "flagged",
                "Flagged by a labeler",
                [
                  ["", "Any"],
                  ["yes", "Yes"],
                  ["no", "No"],
                ],
              ],
              [
                "gold",
                "Gold",
                [
                  ["", "Any"],
                  ["yes", "Yes"],
                  ["no", "No"],
                ],
              ],
              [
                "agreement",
                "Labelers' agreement",
                [
                  ["", "Any"],
                  ["below50", "Below 50%"],
                  ["below75", "Below 75%"],
                  ["unknown", "Not measured yet"],
                ],
              ],
            ] as const
          ).map(([name, label, options]) => (
            <label key={name} className="text-sm">
              <span className="mb-1 block text-slate-600">{label}</span>
              <select name={name} defaultValue={pick(name) ?? ""} className={inputClass}>
                {options.map(([value, text]) => (
                  <option key={value} value={value}>
                    {text}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <button type="submit" className={secondaryButtonClass}>
            Filter
          </button>
        </form>
        {items.length === 0 ? (
          <EmptyState title="No items match" testId="no-items" />
        ) : (
          <Table
            testId="items-table"
            columns={[
              { label: "#" },
              { label: "Prompt" },
              { label: "Status" },
              { label: "Answers", align: "right" },
              { label: "Agreement", align: "right" },
              { label: "Completions", align: "right" },
            ]}
          >
            {items.map((item) => (
              <tr key={item.id}>
                <td className="whitespace-nowrap px-5 py-2 tabular-nums text-slate-500">#{item.number}</td>
                <td className="max-w-xl px-5 py-2">
                  {item.earlier_turns.length ? (
                    <details className="mb-1 text-xs text-slate-600" data-testid="earlier-turns">
                      <summary className="cursor-pointer text-slate-500">
                        {item.earlier_turns.length} earlier {item.earlier_turns.length === 1 ? "turn" : "turns"}
                      </summary>
                      <ol className="mt-1 space-y-1 border-l-2 border-slate-200 pl-2">
                        {item.earlier_turns.map((turn, index) => (
                          <li key={index}>
                            <span className="font-semibold capitalize">{turn.role}:</span> {turn.content}
                          </li>
                        ))}
                      </ol>
                    </details>
                  ) : null}
                  <Link
                    href={`/admin/projects/${slug}/items/${item.id}${queryString(keep)}`}
                    className="text-indigo-700 hover:underline"
                  >
                    {item.prompt || "(empty)"}
                  </Link>
                </td>
                <td className="space-x-1 whitespace-nowrap px-5 py-2">
                  <Badge tone={item.status === "done" ? "green" : "slate"}>{item.status}</Badge>
                  {item.is_gold ? <Badge tone="amber">gold</Badge> : null}
                  {item.flagged ? <Badge tone="red">flagged</Badge> : null}
                </td>
                <td className="px-5 py-2 text-right tabular-nums">
                  {item.annotations} / {item.slots}
                </td>
                <td className="px-5 py-2 text-right tabular-nums">
                  {item.agreement === null ? "–" : `${Math.round(item.agreement * 100)}%`}
                </td>
                <td className="px-5 py-2 text-right tabular-nums">{item.completions}</td>
              </tr>
            ))}
          </Table>
        )}
        {nextAfter || prevBefore ? (
          <nav className="mt-4 flex justify-between gap-3" aria-label="Pages of items">
            {prevBefore ? (
              <Link href={listHref({ before: prevBefore })} className={secondaryButtonClass}>
                ← Previous page
              </Link>
            ) : (
              <span />
            )}
            {nextAfter ? (
              <Link href={listHref({ after: nextAfter })} className={secondaryButtonClass}>
                Next page →
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Card>
    </>
  );
}
