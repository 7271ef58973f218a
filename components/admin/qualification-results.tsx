import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { expectedAnswerOf } from "@/lib/domain/quality/gold-check";
import { letterFor, rankingAsText } from "@/lib/domain/ranking-text";
import type { labelerQualifications } from "@/lib/server/quality/qualification";
import { GradeButtons } from "./grade-buttons";
import { StandingActions } from "./standing-actions";

type ProjectQualification = Awaited<ReturnType<typeof labelerQualifications>>[number];
type Answer = ProjectQualification["answers"][number];

const STATUS_TONE = { passed: "green", failed: "red", pending: "slate" } as const;

const letters = (answer: Answer) => (id: string) => {
  const index = answer.completionIds.indexOf(id);
  return index < 0 ? "?" : letterFor(index);
};

function expectedText(answer: Answer): string {
  const expected = expectedAnswerOf(answer.expected);
  if (!expected) return "graded by an admin";
  const letter = letters(answer);
  const parts: string[] = [];
  if (expected.ranking) parts.push(rankingAsText(expected.ranking, letter));
  else if (expected.best) parts.push(`${letter(expected.best)} best`);
  if (expected.flags) {
    const flagged = Object.entries(expected.flags).filter(([, l]) => l.length);
    parts.push(
      `flags: ${flagged.length ? flagged.map(([id, l]) => `${letter(id)} ${l.join(",")}`).join("; ") : "none"}`,
    );
  }
  return parts.join(" · ");
}

function givenText(answer: Answer): string {
  if (answer.skipped && !answer.answered) return "skipped";
  if (!answer.answered) return "not answered yet";
  if (answer.given.text !== null)
    return answer.given.text.length > 80 ? `${answer.given.text.slice(0, 80)}…` : answer.given.text;
  const letter = letters(answer);
  const parts: string[] = [];
  if (answer.given.ranking) parts.push(rankingAsText(answer.given.ranking, letter));
  const flagged = Object.entries(answer.given.flags ?? {}).filter(([, l]) => l.length);
  if (flagged.length) parts.push(`flags: ${flagged.map(([id, l]) => `${letter(id)} ${l.join(",")}`).join("; ")}`);
  return parts.join(" · ") || "–";
}

/** The labeler page: per project, the qualification score and each answer against gold, with overrides. */
export function QualificationResults({ userId, projects }: { userId: string; projects: ProjectQualification[] }) {
  return (
    <>
      {projects.map((p) => {
        const status = p.standing?.status ?? "pending";
        const paused = p.standing?.paused ?? false;
        return (
          <Card key={p.projectId} title={`Qualification: ${p.name}`}>
            <div className="space-y-4" data-testid={`qualification-${p.slug}`}>
              <div className="flex flex-wrap items-center gap-3 text-sm text-slate-700">
                <Link href={`/admin/projects/${p.slug}?tab=members`} className="text-indigo-700 hover:underline">
                  {p.slug}
                </Link>
                <Badge tone={STATUS_TONE[status]}>{status}</Badge>
                {paused ? <Badge tone="amber">paused</Badge> : null}
                <span>
                  Score:{" "}
                  <strong className="tabular-nums">
                    {p.standing?.score === null || p.standing?.score === undefined
                      ? "–"
                      : `${Math.round(p.standing.score * 100)}%`}
                  </strong>
                </span>
                <span>Answered: {p.standing?.answered ?? 0}</span>
                {p.standing?.retryAfter ? (
                  <span>Retry after {p.standing.retryAfter.toISOString().slice(0, 16).replace("T", " ")} UTC</span>
                ) : null}
              </div>
              {paused && p.standing?.pauseReason ? (
                <p className="text-sm text-amber-800">{p.standing.pauseReason}</p>
              ) : null}
              {p.standing?.overrideAt ? (
                <p className="text-xs text-slate-500">
                  Overridden {p.standing.overrideAt.toISOString().slice(0, 16).replace("T", " ")} UTC:{" "}
                  {p.standing.overrideReason}
                </p>
              ) : null}
              {p.answers.length ? (
                // Table bleeds into the card's padding (-m-5): the padding here gives it back among siblings.
                <div className="py-5">
                  <Table
                    testId={`qualification-answers-${p.slug}`}
                    columns={[
                      { label: "Item" },
                      { label: "Expected" },
                      { label: "Answer" },
                      { label: "Agreement", align: "right" },
                    ]}
                  >
                    {p.answers.map((a) => (
                      <tr key={a.itemId}>
                        <td className="px-5 py-2">
                          <Link
                            href={`/admin/projects/${p.slug}/items/${a.number}`}
                            className="text-indigo-700 hover:underline"
                          >
                            #{a.number}
                          </Link>
                        </td>
                        <td className="px-5 py-2">{expectedText(a)}</td>
                        <td className="px-5 py-2 break-words">{givenText(a)}</td>
                        <td className="px-5 py-2 text-right tabular-nums">
                          {a.grade === null && a.annotationId ? (
                            <GradeButtons slug={p.slug} userId={userId} annotationId={a.annotationId} />
                          ) : a.comparisons ? (
                            <>
                              {a.agreeing}/{a.comparisons} {a.correct ? "✓" : "✗"}
                            </>
                          ) : (
                            "–"
                          )}
                        </td>
                      </tr>
                    ))}
                  </Table>
                </div>
              ) : (
                <p className="text-sm text-slate-500">No qualification items in this project yet.</p>
              )}
              <StandingActions
                slug={p.slug}
                userId={userId}
                actions={paused ? ["pass", "fail", "unpause"] : ["pass", "fail"]}
                label={`the labeler in ${p.slug}`}
              />
            </div>
          </Card>
        );
      })}
    </>
  );
}
