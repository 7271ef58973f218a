import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
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
import { bigintCursorSchema } from "@/lib/validation/paging";

export const metadata: Metadata = { title: "Items" };

const flag = z.enum(["yes", "no"]).transform((v) => v === "yes");
const querySchema = z.object({
  status: z.enum(["open", "done", "archived"]).optional().catch(undefined),
  flagged: flag.optional().catch(undefined),
  gold: flag.optional().catch(undefined),
  after: bigintCursorSchema.optional().catch(undefined),
  agreement: z.enum(["below50", "below75", "unknown"]).optional().catch(undefined),
});

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
  const query = querySchema.parse({
    status: pick("status"),
    flagged: pick("flagged"),
    gold: pick("gold"),
    after: pick("after"),
    agreement: pick("agreement"),
  });
  const { items, nextAfter } = await listItems(project.id, {
    ...query,
    agreementBelow: query.agreement === "below50" ? 0.5 : query.agreement === "below75" ? 0.75 : undefined,
    agreementUnknown: query.agreement === "unknown",
  });
  const keep = Object.fromEntries(
    ["status", "flagged", "gold", "agreement"].flatMap((k) => (pick(k) ? [[k, pick(k)!]] : [])),
  );
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
              { label: "Completions", align: "right" },
            ]}
          >
            {items.map((item) => (
              <tr key={item.id}>
                <td className="px-5 py-2 tabular-nums text-slate-500">{item.seq}</td>
                <td className="max-w-xl px-5 py-2">
                  <Link href={`/admin/projects/${slug}/items/${item.id}`} className="text-indigo-700 hover:underline">
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
        {nextAfter ? (
          <div className="mt-4 text-right">
            <Link
              href={`/admin/projects/${slug}/items?${new URLSearchParams({ ...keep, after: nextAfter })}`}
              className={secondaryButtonClass}
            >
              Next page →
            </Link>
          </div>
        ) : null}
      </Card>
    </>
  );
}
