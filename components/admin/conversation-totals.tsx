import Link from "next/link";
import { Card } from "@/components/ui/card";
import { formatCost, formatTokens, type ConversationTotals } from "@/lib/domain/conversation/admin-view";
import { projectTabHref } from "@/lib/domain/project-tabs";

/** The overview's figures of a conversation project: conversations, turns, tokens and cost. */
export function ConversationTotalsCard({ slug, totals }: { slug: string; totals: ConversationTotals }) {
  const figures: [string, string, string?][] = [
    [
      "Conversations finished",
      totals.finished.toLocaleString("en"),
      `${totals.active.toLocaleString("en")} in progress, ${totals.abandoned.toLocaleString("en")} abandoned`,
    ],
    ["Turns chosen", totals.turns.toLocaleString("en")],
    [
      "Tokens",
      formatTokens(totals.promptTokens + totals.completionTokens),
      `${formatTokens(totals.promptTokens)} prompt, ${formatTokens(totals.completionTokens)} completion`,
    ],
    ["Cost", formatCost(totals.costMicros), totals.costMicros === null ? "set endpoint prices to see it" : undefined],
  ];
  return (
    <Card
      title="Conversations"
      action={
        <Link href={projectTabHref(slug, "conversations")} className="text-sm text-indigo-700 hover:underline">
          All conversations →
        </Link>
      }
    >
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4" data-testid="conversation-totals">
        {figures.map(([label, value, note]) => (
          <div key={label}>
            <dt className="text-xs font-medium text-slate-600">{label}</dt>
            <dd className="text-2xl font-semibold text-slate-900 tabular-nums">{value}</dd>
            {note ? <dd className="text-xs text-slate-500">{note}</dd> : null}
          </div>
        ))}
      </dl>
    </Card>
  );
}
