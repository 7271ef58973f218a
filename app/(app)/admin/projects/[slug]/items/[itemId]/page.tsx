import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GoldForm } from "@/components/admin/gold-form";
import { RaiseOverlapButton } from "@/components/admin/raise-overlap-button";
import { Conversation } from "@/components/labeling/conversation";
import { Markdown } from "@/components/markdown";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { answerInLetters } from "@/lib/domain/answer-letters";
import { letterFor, rankingAsText } from "@/lib/domain/ranking-text";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { pageSlugFrom, pageUuid } from "@/lib/server/route-params";
import { requirePageProject } from "@/lib/server/projects/page-project";
import { itemDetail, itemIdByNumber } from "@/lib/server/items/item-detail";
import { itemNeighbours } from "@/lib/server/items/list-items";
import { itemFilterOf, itemFilterParams, parseItemListQuery, queryString } from "@/lib/validation/item-filter";
import { itemConsensus } from "@/lib/domain/agreement/consensus";
import { isGoldAnswer } from "@/lib/domain/gold";
import { raiseItemOverlapAction, setGoldAction } from "./actions";
import { goldFormValues } from "@/lib/domain/quality/gold-form-values";

export const metadata: Metadata = { title: "Item" };

const STRENGTH = { 1: "slightly", 2: "clearly", 3: "much" } as const;

/** An empty completion said in words: a blank card reads as a rendering fault. */
const EMPTY_REPLY = "(empty reply)";
const isEmptyReply = (text: string) => text.trim() === "";

export default async function ItemPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; itemId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageAdmin();
  const slug = await pageSlugFrom(params);
  const ref = (await params).itemId;
  const project = await requirePageProject(slug);
  // An item is named by its id or by its number within the project (/items/12).
  const itemId = /^[1-9]\d{0,8}$/.test(ref) ? await itemIdByNumber(project.id, Number(ref)) : pageUuid(ref);
  if (!itemId) notFound();
  const item = await itemDetail(project.id, itemId);
  if (!item) notFound();
  // Previous and next within the list the admin came from (its filter travels in the URL).
  const listQuery = parseItemListQuery(await searchParams);
  const keep = queryString(itemFilterParams(listQuery));
  const neighbours = await itemNeighbours(project.id, item.seq, {
    ...itemFilterOf(listQuery),
    after: undefined,
    before: undefined,
  });
  const demonstration = project.kind === "demonstration";
  const original = item.completions.filter((c) => c.position !== null);
  const letter = (id: string) => {
    const c = original.find((x) => x.id === id);
    return c ? letterFor(c.position!) : "?";
  };
  const done = item.slots.filter((s) => s.state === "done").length;
  const consensus = itemConsensus(
    original.map((c) => c.id),
    item.annotations.map((a) => ({
      ranking: a.ranking as string[][] | null,
      ratings: a.ratings as Record<string, number> | null,
      flags: a.flags as Record<string, string[]> | null,
    })),
  );
  return (
    <>
      <nav className="flex flex-wrap items-center justify-between gap-2 text-sm" aria-label="Items">
        <Link href={`/admin/projects/${slug}/items${keep}`} className="text-indigo-700 hover:underline">
          ← Items of {project.name}
        </Link>
        <span className="flex gap-4">
          {neighbours.previous ? (
            <Link
              href={`/admin/projects/${slug}/items/${neighbours.previous.id}${keep}`}
              className="text-indigo-700 hover:underline"
              rel="prev"
            >
              ‹ Previous (#{neighbours.previous.number})
            </Link>
          ) : (
            <span className="text-slate-500">‹ Previous</span>
          )}
          {neighbours.next ? (
            <Link
              href={`/admin/projects/${slug}/items/${neighbours.next.id}${keep}`}
              className="text-indigo-700 hover:underline"
              rel="next"
            >
              Next (#{neighbours.next.number}) ›
            </Link>
          ) : (
            <span className="text-slate-500">Next ›</span>
          )}
        </span>
      </nav>
      <PageHeader title={`Item #${item.number}`} description={`External id ${item.externalId}`}>
        <div className="flex items-center gap-2">
          <Badge tone={item.status === "done" ? "green" : "slate"}>{item.status}</Badge>
          {item.isGold ? <Badge tone="amber">gold</Badge> : null}
          <span className="text-sm text-slate-500">
            {done} of {item.slots.length} answers
          </span>
          <RaiseOverlapButton slug={slug} itemId={item.id} action={raiseItemOverlapAction} />
        </div>
      </PageHeader>
      <div className="space-y-6">
        <Card title="Prompt">
          <Conversation messages={item.messages} />
        </Card>
        {(original.length && !demonstration) || demonstration ? (
          <Card title="Gold">
            <GoldForm
              slug={slug}
              itemId={item.id}
              current={isGoldAnswer(item.goldAnswer) ? item.goldAnswer.best : null}
              options={
                demonstration
                  ? []
                  : original.map((c) => ({
                      id: c.id,
                      label: `${letterFor(c.position!)}: ${isEmptyReply(c.text) ? EMPTY_REPLY : c.text.slice(0, 60)}`,
                    }))
              }
              action={setGoldAction}
              gold={goldFormValues(project.kind, item, letter)}
              flags={project.flags}
            />
          </Card>
        ) : null}
        {original.length ? (
          <Card title="Completions">
            <div className="grid gap-3 md:grid-cols-2">
              {original.map((c) => (
                <article
                  key={c.id}
                  className="rounded-lg border border-slate-200 p-3 text-sm"
                  data-testid={`item-completion-${letterFor(c.position!)}`}
                >
                  <header className="mb-1 flex justify-between text-xs font-semibold text-slate-500">
                    <span>{letterFor(c.position!)}</span>
                    <span className="font-mono font-normal">{c.model ?? ""}</span>
                  </header>
                  {isEmptyReply(c.text) ? (
                    <p className="italic text-slate-500">{EMPTY_REPLY}</p>
                  ) : (
                    <Markdown>{c.text}</Markdown>
                  )}
                </article>
              ))}
            </div>
          </Card>
        ) : null}
        {consensus.ranking.length ? (
          <Card title="Consensus">
            <div className="space-y-1 text-sm" data-testid="consensus">
              <p>
                <span className="font-mono text-base">{rankingAsText(consensus.ranking, letter)}</span>{" "}
                <span className="text-xs text-slate-500">
                  (Borda{" "}
                  {consensus.ranking
                    .flat()
                    .map((id) => `${letter(id)} ${consensus.borda[id]}`)
                    .join(", ")}
                  {consensus.winnerShare !== null
                    ? `; ${Math.round(consensus.winnerShare * 100)}% put the winner first`
                    : "; no single winner"}
                  {item.agreement !== null ? `; pairwise agreement ${Math.round(item.agreement * 100)}%` : ""})
                </span>
              </p>
              {Object.keys(consensus.likert).length ? (
                <p className="text-xs text-slate-600">
                  Likert:{" "}
                  {Object.entries(consensus.likert)
                    .map(([id, l]) => `${letter(id)} ${l.mean.toFixed(1)} ± ${l.sd.toFixed(1)} (n ${l.n})`)
                    .join(", ")}
                </p>
              ) : null}
            </div>
          </Card>
        ) : null}
        <Card title={`Answers (${item.annotations.length})`}>
          {item.annotations.length === 0 ? (
            <EmptyState title="No answers yet" />
          ) : (
            <div className="grid gap-3 lg:grid-cols-3" data-testid="answers">
              {item.annotations.map((a) => {
                const rewrite = item.completions.find((c) => c.annotationId === a.id);
                // Completions with the letters this labeler saw beside the canonical ones: their
                // comment speaks of their letters.
                // A demonstration has no letters to show (nothing was ranked or shown in an order).
                const shown = demonstration
                  ? { ranking: null, ratings: null, flags: null, rewriteOf: null, legend: null }
                  : answerInLetters(
                      {
                        displayOrder: a.displayOrder,
                        ranking: a.ranking as string[][] | null,
                        ratings: a.ratings as Record<string, number> | null,
                        flags: a.flags as Record<string, string[]> | null,
                        rewriteOf: rewrite?.editedFromId ?? null,
                      },
                      letter,
                    );
                return (
                  <article key={a.id} className="rounded-lg border border-slate-200 p-3 text-sm" data-testid="answer">
                    <header className="mb-2 text-xs text-slate-500">
                      <span className="font-medium text-slate-700">{a.labeler.email}</span> ·{" "}
                      {a.createdAt.toISOString().replace("T", " ").slice(0, 16)} ·{" "}
                      {Math.round((a.timeSpentMs ?? 0) / 1000)} s · guidelines v{a.guidelineVersion}
                    </header>
                    {a.text ? <Markdown>{a.text}</Markdown> : null}
                    {shown.ranking ? (
                      <p className="font-mono text-base" data-testid="answer-ranking">
                        {shown.ranking}
                        {a.strength ? (
                          <span className="ml-2 text-xs text-slate-500">
                            ({STRENGTH[a.strength as 1 | 2 | 3]} better)
                          </span>
                        ) : null}
                        {a.tieQuality ? (
                          <span className="ml-2 text-xs text-slate-500">(tie: both {a.tieQuality})</span>
                        ) : null}
                      </p>
                    ) : null}
                    {shown.ratings ? (
                      <p className="mt-1 text-xs text-slate-600" data-testid="answer-ratings">
                        Likert: {shown.ratings}
                      </p>
                    ) : null}
                    {shown.flags ? (
                      <p className="mt-1 text-xs text-rose-700" data-testid="answer-flags">
                        Flags: {shown.flags}
                      </p>
                    ) : null}
                    {a.comment ? (
                      <p className="mt-1 text-xs italic text-slate-600" data-testid="answer-comment">
                        “{a.comment}”
                        {shown.legend ? <span className="not-italic text-slate-500"> (their letters)</span> : null}
                      </p>
                    ) : null}
                    {rewrite ? (
                      <details className="mt-2 text-xs">
                        <summary className="cursor-pointer text-indigo-700">
                          Rewrite of {shown.rewriteOf ?? "?"}
                        </summary>
                        <Markdown className="mt-1">{rewrite.text}</Markdown>
                      </details>
                    ) : null}
                    {shown.legend ? (
                      <p className="mt-2 text-xs text-slate-500" data-testid="answer-legend">
                        Their letters: {shown.legend}
                      </p>
                    ) : null}
                  </article>
                );
              })}
            </div>
          )}
          {item.skips.length ? (
            <p className="mt-3 text-xs text-slate-500">
              Skipped by {item.skips.map((s) => `${s.labeler.email} (${s.reason})`).join("; ")}
            </p>
          ) : null}
        </Card>
      </div>
    </>
  );
}
