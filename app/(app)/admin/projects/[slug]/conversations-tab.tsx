import Link from "next/link";
import { PageNav } from "@/components/ui/page-nav";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table } from "@/components/ui/table";
import { OUTCOME_LABELS, formatCost, formatTokens, scaleText } from "@/lib/domain/conversation/admin-view";
import type { conversationList } from "@/lib/server/conversations/conversation-admin";

type List = Awaited<ReturnType<typeof conversationList>>;

const STATUS_TONE = { active: "indigo", finished: "green", abandoned: "amber" } as const;
const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "–");

/** The Conversations tab: the project's conversations, newest first, a page at a time. */
export function ConversationsTab({ slug, list }: { slug: string; list: List }) {
  const { rows, page, pages, totals } = list;
  const redTeam = rows.some((r) => r.mode === "red_team");
  const pageHref = (n: number) => `/admin/projects/${slug}?tab=conversations${n > 1 ? `&page=${n}` : ""}`;
  return (
    <Card title={`Conversations (${totals.total.toLocaleString("en")})`}>
      {rows.length === 0 ? (
        <EmptyState title="No conversations yet" testId="no-conversations">
          They appear here as soon as a labeler starts one.
        </EmptyState>
      ) : (
        <>
          <Table
            testId="conversations-table"
            columns={[
              { label: "Labeler" },
              { label: "Status" },
              { label: "Turns", align: "right" },
              { label: "Tokens", align: "right" },
              { label: "Cost", align: "right" },
              ...(redTeam ? [{ label: "Outcome" }] : []),
              { label: "Started" },
              { label: "Finished" },
            ]}
          >
            {rows.map((r) => (
              <tr key={r.id}>
                <td className="px-5 py-2">
                  <Link
                    href={`/admin/projects/${slug}/conversations/${r.id}`}
                    className="font-medium text-indigo-700 hover:underline"
                  >
                    {r.labeler}
                  </Link>
                  <span className="block text-xs text-slate-500">item #{r.itemNumber}</span>
                </td>
                <td className="px-5 py-2">
                  <Badge tone={STATUS_TONE[r.status]}>{r.status}</Badge>
                </td>
                <td className="px-5 py-2 text-right tabular-nums">{r.turns}</td>
                <td className="px-5 py-2 text-right tabular-nums">{formatTokens(r.tokens)}</td>
                <td className="px-5 py-2 text-right tabular-nums">{formatCost(r.costMicros)}</td>
                {redTeam ? (
                  <td className="px-5 py-2 text-xs">
                    {r.mode === "red_team" ? scaleText(r.outcome, OUTCOME_LABELS) : "–"}
                  </td>
                ) : null}
                <td className="whitespace-nowrap px-5 py-2 text-xs text-slate-600">{when(r.startedAt)}</td>
                <td className="whitespace-nowrap px-5 py-2 text-xs text-slate-600">{when(r.finishedAt)}</td>
              </tr>
            ))}
          </Table>
          <PageNav page={page} pages={pages} href={pageHref} previous="Newer" next="Older" className="mt-8" />
        </>
      )}
    </Card>
  );
}
