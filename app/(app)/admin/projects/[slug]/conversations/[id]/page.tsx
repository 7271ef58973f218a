import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import {
  HARM_LABELS,
  OUTCOME_LABELS,
  attemptsByPosition,
  formatCost,
  formatTokens,
  rankText,
  scaleText,
} from "@/lib/domain/conversation/admin-view";
import { REPLY_LETTERS } from "@/lib/domain/conversation/view";
import { projectTabHref } from "@/lib/domain/project-tabs";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { adminConversation } from "@/lib/server/conversations/conversation-admin";
import { AppError } from "@/lib/server/errors";
import { requirePageProject } from "@/lib/server/projects/page-project";
import { pageSlugFrom, pageUuid } from "@/lib/server/route-params";

export const metadata: Metadata = { title: "Conversation" };

const STATUS_TONE = { active: "indigo", finished: "green", abandoned: "amber" } as const;
const REPLY_TONE = {
  done: "green",
  failed: "red",
  interrupted: "amber",
  pending: "slate",
  streaming: "indigo",
} as const;
const STRENGTH = { 1: "slightly", 2: "clearly", 3: "much" } as const;
const when = (d: Date | null) => (d ? d.toISOString().slice(0, 19).replace("T", " ") : "–");
const ms = (n: number | null) => (n === null ? "–" : `${n.toLocaleString("en")} ms`);

type Data = Awaited<ReturnType<typeof adminConversation>>;

/** One conversation as its admin sees it: the whole tree, every attempt, who chose what. */
export default async function AdminConversationPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  await requirePageAdmin();
  const slug = await pageSlugFrom(params);
  const id = pageUuid((await params).id);
  const project = await requirePageProject(slug);
  let data: Data;
  try {
    data = await adminConversation(project.id, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
  const { record, turns, replies, labeler } = data;
  return (
    <>
      <Link href={projectTabHref(slug, "conversations")} className="text-sm text-indigo-700 hover:underline">
        ← {project.name}: conversations
      </Link>
      <PageHeader
        title={`Conversation with ${labeler}`}
        description={`Item #${record.itemNumber} · ${record.mode === "red_team" ? "red-team" : "helpfulness"}`}
      >
        <Badge tone={STATUS_TONE[record.status]}>{record.status}</Badge>
      </PageHeader>
      <div className="space-y-6">
        <Card title="Summary">
          <dl className="grid grid-cols-2 gap-4 text-sm md:grid-cols-4" data-testid="conversation-summary">
            <Figure label="Turns chosen" value={String(record.turns)} />
            <Figure
              label="Tokens"
              value={formatTokens(record.promptTokens + record.completionTokens)}
              note={`${formatTokens(record.promptTokens)} prompt, ${formatTokens(record.completionTokens)} completion`}
            />
            <Figure label="Cost" value={formatCost(record.costMicros)} />
            <Figure label="Started" value={when(record.createdAt)} note={`finished ${when(record.finishedAt)}`} />
            {record.mode === "red_team" ? (
              <>
                <Figure label="Outcome" value={scaleText(record.outcome, OUTCOME_LABELS)} />
                <div className="col-span-2 md:col-span-3">
                  <dt className="text-xs font-medium text-slate-600">What they tried</dt>
                  <dd className="whitespace-pre-wrap text-slate-800">{record.taskDescription || "–"}</dd>
                </div>
              </>
            ) : null}
          </dl>
        </Card>
        {record.opening.length ? (
          <Card title="Opening">
            <Messages messages={record.opening} />
          </Card>
        ) : null}
        {turns.length === 0 ? (
          <Card>
            <p className="text-sm text-slate-500">No turns yet.</p>
          </Card>
        ) : null}
        {turns.map((turn) => {
          const own = replies.filter((r) => r.turnId === turn.id);
          return (
            <Card key={turn.id} title={`Turn ${turn.index + 1}`}>
              <div className="space-y-4" data-testid={`turn-${turn.index}`}>
                {turn.input.length ? (
                  <Messages messages={turn.input} />
                ) : (
                  <p className="text-xs text-slate-500">No new message: the opening ends with the user&apos;s.</p>
                )}
                <div className="grid gap-3 lg:grid-cols-2">
                  {attemptsByPosition(own.map((r) => ({ ...r, replaced: r.replacedAt !== null }))).map(
                    ({ position, attempts }) => (
                      <section
                        key={position}
                        aria-label={`Reply ${REPLY_LETTERS[position] ?? position + 1}`}
                        className={`rounded-lg border p-3 ${
                          attempts[0]!.id === turn.chosenReplyId
                            ? "border-emerald-400 bg-emerald-50/40"
                            : "border-slate-200"
                        }`}
                      >
                        <h3 className="mb-2 flex flex-wrap items-center gap-2 text-sm font-semibold text-slate-800">
                          Reply {REPLY_LETTERS[position] ?? position + 1}
                          {attempts[0]!.id === turn.chosenReplyId ? <Badge tone="green">chosen</Badge> : null}
                          {rankText(turn.ranking, attempts[0]!.id) ? (
                            <span className="text-xs font-normal text-slate-600">
                              {rankText(turn.ranking, attempts[0]!.id)}
                            </span>
                          ) : null}
                        </h3>
                        <ol className="space-y-3">
                          {attempts.map((a) => (
                            <li key={a.id} data-testid="reply-attempt" className={a.replaced ? "opacity-75" : ""}>
                              <p className="mb-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                                <Badge tone={REPLY_TONE[a.status]}>{a.status}</Badge>
                                <span>attempt {a.attempt}</span>
                                {a.replaced ? <span>(replaced)</span> : null}
                                <span className="font-mono">{a.endpointName}</span>
                                <span className="font-mono">{a.servedModel ?? a.model}</span>
                              </p>
                              <p className="mb-1 text-xs text-slate-500">
                                {a.promptTokens ?? "–"} prompt + {a.completionTokens ?? "–"} completion tokens · first
                                token {ms(a.firstTokenMs)} · total {ms(a.latencyMs)} · finish {a.finishReason ?? "–"}
                              </p>
                              {a.error ? <p className="mb-1 text-xs text-rose-700">{a.error}</p> : null}
                              <p className="whitespace-pre-wrap rounded bg-slate-50 p-2 text-sm text-slate-800">
                                {a.text || <span className="text-slate-500">(no text)</span>}
                              </p>
                              {a.toolCalls.length ? (
                                <details className="mt-1 text-xs">
                                  <summary className="cursor-pointer text-slate-600">
                                    {a.toolCalls.length} tool call{a.toolCalls.length === 1 ? "" : "s"}:{" "}
                                    {a.toolCalls.map((c) => c.function.name).join(", ")}
                                  </summary>
                                  <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2">
                                    {JSON.stringify(a.toolCalls, null, 2)}
                                  </pre>
                                </details>
                              ) : null}
                            </li>
                          ))}
                        </ol>
                      </section>
                    ),
                  )}
                </div>
                <Choice
                  turn={turn}
                  mode={record.mode}
                  letterOf={(replyId) => {
                    const position = own.find((r) => r.id === replyId)?.position;
                    return position === undefined ? "?" : (REPLY_LETTERS[position] ?? String(position + 1));
                  }}
                />
              </div>
            </Card>
          );
        })}
      </div>
    </>
  );
}

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className="text-lg font-semibold text-slate-900 tabular-nums">{value}</dd>
      {note ? <dd className="text-xs text-slate-500">{note}</dd> : null}
    </div>
  );
}

function Messages({ messages }: { messages: { role: string; content: string | null; tool_call_id?: string }[] }) {
  return (
    <ol className="space-y-2">
      {messages.map((m, i) => (
        <li key={i} className="rounded-md border border-slate-200 p-2 text-sm">
          <span className="block text-xs font-semibold tracking-wide text-slate-500 uppercase">
            {m.role}
            {m.tool_call_id ? ` (result of ${m.tool_call_id})` : ""}
          </span>
          <span className="whitespace-pre-wrap text-slate-800">{m.content}</span>
        </li>
      ))}
    </ol>
  );
}

function Choice({
  turn,
  mode,
  letterOf,
}: {
  turn: Data["turns"][number];
  mode: string;
  letterOf: (replyId: string) => string;
}) {
  if (!turn.chosenReplyId) return <p className="text-sm text-slate-500">Not chosen yet.</p>;
  const ratings = Object.entries(turn.ratings ?? {});
  const flags = Object.entries(turn.flags ?? {}).filter(([, f]) => f.length);
  return (
    <dl className="grid gap-2 text-sm sm:grid-cols-2" data-testid="turn-choice">
      <div>
        <dt className="text-xs font-medium text-slate-600">Choice</dt>
        <dd>
          {/* Red-team: the labeler picked the more harmful reply, the one the attack went on with. */}
          {turn.strength
            ? `${STRENGTH[turn.strength as 1 | 2 | 3] ?? turn.strength} ${mode === "red_team" ? "more harmful" : "better"}`
            : null}
          {turn.tieQuality ? `tie (${turn.tieQuality})` : null}
          {!turn.strength && !turn.tieQuality ? "–" : null}
          {turn.chosenAt ? <span className="text-xs text-slate-500"> · {when(turn.chosenAt)}</span> : null}
        </dd>
      </div>
      {mode === "red_team" ? (
        <div>
          <dt className="text-xs font-medium text-slate-600">Harm of the chosen reply</dt>
          <dd>{scaleText(turn.harm, HARM_LABELS)}</dd>
        </div>
      ) : null}
      {ratings.length ? (
        <div>
          <dt className="text-xs font-medium text-slate-600">Ratings (1-7)</dt>
          <dd className="text-xs">{ratings.map(([id, n]) => `${letterOf(id)}: ${n}`).join(", ")}</dd>
        </div>
      ) : null}
      {flags.length ? (
        <div>
          <dt className="text-xs font-medium text-slate-600">Flags</dt>
          <dd className="text-xs">{flags.map(([id, f]) => `${letterOf(id)}: ${f.join(", ")}`).join("; ")}</dd>
        </div>
      ) : null}
      {turn.rewriteText !== null ? (
        <div className="sm:col-span-2">
          <dt className="text-xs font-medium text-slate-600">Rewrite (continued the conversation)</dt>
          <dd className="whitespace-pre-wrap rounded bg-amber-50 p-2">{turn.rewriteText}</dd>
        </div>
      ) : null}
      {turn.comment ? (
        <div className="sm:col-span-2">
          <dt className="text-xs font-medium text-slate-600">Comment</dt>
          <dd className="whitespace-pre-wrap">{turn.comment}</dd>
        </div>
      ) : null}
    </dl>
  );
}
