"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import {
  canToggleTie,
  flatten,
  insertAsGroup,
  joinGroup,
  moveDown,
  moveToRank,
  moveUp,
  toggleTie,
  type Groups,
} from "@/lib/domain/ranking-groups";
import { extrasDraft, hasWork, restoreRanking } from "@/lib/domain/answer-draft";
import { rewriteCandidate } from "@/lib/domain/rewrite-draft";
import { Conversation } from "./conversation";
import {
  RewriteAndComment,
  extrasBodyFields,
  extrasFromBody,
  rewriteDecisionHint,
  useAnswerExtras,
} from "./answer-extras";
import { CompletionText } from "./completion-text";
import { FlagList, LikertScale, focusFlags, ratingFromKey } from "./completion-extras";
import type { Draft, TaskProps } from "./types";
import { savedAnswer, useAnswerDraft } from "./use-answer-draft";

const LETTERS = "ABCDEFGHI";
// One empty top group for every render, so that effects keyed on it do not run each time.
const NO_GROUP: readonly string[] = [];

export function RankingTask({ project, task, startedAt, editable, onDraftChange, registerKeys, initial }: TaskProps) {
  const completions = task.item.completions;
  const letter = useCallback((id: string) => LETTERS[completions.findIndex((c) => c.id === id)] ?? "?", [completions]);
  // The answer saved before a reload (this browser's copy or the server's draft).
  // In edit mode, the answer as submitted instead.
  const [saved] = useState(() => {
    if (initial) {
      const restored = { ...extrasFromBody(initial, completions), ranking: initial.ranking ?? null, ordered: true };
      return { restored, local: false, work: false };
    }
    const { raw, local } = savedAnswer(task);
    const restored = restoreRanking(raw, { completions, flags: project.flags.map((f) => f.id) });
    return { restored, local, work: hasWork(restored) };
  });
  const [groups, setGroups] = useState<Groups>(() => saved.restored.ranking ?? completions.map((c) => [c.id]));
  const [touched, setTouched] = useState(saved.restored.ordered);
  const [cursor, setCursor] = useState(completions[0]?.id ?? "");
  const extras = useAnswerExtras(saved.restored);
  const [dragging, setDragging] = useState<string | null>(null);
  // The drop target under the pointer ("gap-2", "group-0"): highlighted, never resized.
  const [over, setOver] = useState<string | null>(null);
  const cardRefs = useRef(new Map<string, HTMLElement>());
  const flagRefs = useRef(new Map<string, HTMLInputElement | null>());
  const best = groups[0] ?? NO_GROUP;
  const candidateId = rewriteCandidate(best, cursor);
  const candidate = completions.find((c) => c.id === candidateId);
  const { onBestChange, ratings, flags, rewrite, comment } = extras;
  const saveLabel = useAnswerDraft({
    leaseId: task.id,
    startedAt,
    editable,
    answer: { ranking: groups, ordered: touched, ...extrasDraft({ ratings, flags, rewrite, comment }) },
    restored: saved.work,
    unsent: saved.local,
    enabled: initial === undefined,
  });

  const update = (next: Groups) => {
    setGroups(next);
    setTouched(true);
  };

  // Keyed by content: `groups` is a new array after every edit, the top group often the same.
  const bestKey = best.join(" ");
  useEffect(() => {
    const top = bestKey.split(" ");
    const next = rewriteCandidate(top, cursor);
    onBestChange(
      top,
      completions.find((c) => c.id === next),
    );
  }, [bestKey, cursor, completions, onBestChange]);

  useEffect(() => {
    let draft: Draft;
    const decision = rewriteDecisionHint(rewrite, best, candidate, letter);
    if (!touched) {
      draft = {
        ready: false,
        hint: "Put the replies in order (drag them, or Shift+↑/↓), or press O to keep the order shown",
      };
    } else if (decision) {
      draft = { ready: false, hint: decision };
    } else {
      draft = { ready: true, body: { ranking: groups, ...extrasBodyFields({ ratings, flags, rewrite, comment }) } };
    }
    onDraftChange(draft);
  }, [touched, groups, ratings, flags, rewrite, comment, best, candidate, letter, onDraftChange]);

  useEffect(() => {
    cardRefs.current.get(cursor)?.scrollIntoView({ block: "nearest" });
  }, [cursor, groups]);

  useEffect(() => {
    if (!editable) {
      registerKeys(null);
      return;
    }
    registerKeys((event) => {
      const rating = ratingFromKey(event);
      if (rating && project.likertEnabled) {
        extras.rate(cursor, rating);
        return true;
      }
      if (event.ctrlKey || event.altKey || event.metaKey) return false;
      const order = flatten(groups);
      const at = order.indexOf(cursor);
      const key = event.key;
      if (event.shiftKey && key === "ArrowUp") return (update(moveUp(groups, cursor)), true);
      if (event.shiftKey && key === "ArrowDown") return (update(moveDown(groups, cursor)), true);
      if (event.shiftKey) return false;
      // A digit puts the selected reply straight at that rank (Shift+digit rates it).
      if (/^[1-9]$/.test(key)) return (update(moveToRank(groups, cursor, Number(key))), true);
      switch (key.toLowerCase()) {
        case "arrowup":
        case "k":
          setCursor(order[Math.max(0, at - 1)]!);
          return true;
        case "arrowdown":
        case "j":
          setCursor(order[Math.min(order.length - 1, at + 1)]!);
          return true;
        case "t":
          update(toggleTie(groups, cursor));
          return true;
        case "o":
          setTouched(true);
          return true;
        case "f":
          focusFlags(flagRefs.current.get(cursor));
          return true;
        case "e":
          extras.openRewrite(candidate);
          return true;
        default:
          return false;
      }
    });
    return () => registerKeys(null);
  });

  const dropProps = (target: string, onDrop: (id: string) => void) => ({
    "data-drop-target": over === target ? "true" : undefined,
    // Entering marks the target at once (a browser may send dragover only later).
    onDragEnter: (e: React.DragEvent) => {
      if (!dragging) return;
      e.preventDefault();
      e.stopPropagation();
      setOver(target);
    },
    onDragOver: (e: React.DragEvent) => {
      if (!dragging) return;
      e.preventDefault();
      e.stopPropagation();
      if (over !== target) setOver(target);
    },
    // Only a leave to a known place outside clears: a leave between the target's own children
    // (or with no relatedTarget) is followed by an enter that moves the highlight anyway.
    onDragLeave: (e: React.DragEvent) => {
      const to = e.relatedTarget as Node | null;
      if (to && !e.currentTarget.contains(to)) setOver((o) => (o === target ? null : o));
    },
    onDrop: (e: React.DragEvent) => {
      e.preventDefault();
      e.stopPropagation();
      const id = e.dataTransfer.getData("text/plain") || dragging;
      if (id) onDrop(id);
      setDragging(null);
      setOver(null);
    },
  });

  const gap = (position: number) => (
    <div
      key={`gap-${position}`}
      data-testid={`gap-${position}`}
      {...dropProps(`gap-${position}`, (id) => update(insertAsGroup(groups, id, position)))}
      // One height whether or not a drag is on: a gap that grew when the drag began moved every
      // card below it away from the pointer, and the drop landed on the wrong target.
      className={`h-5 rounded border-2 transition-colors ${
        over === `gap-${position}`
          ? "border-solid border-indigo-500 bg-indigo-200"
          : dragging
            ? "border-dashed border-indigo-300 bg-indigo-50/50"
            : "border-transparent"
      }`}
      aria-hidden
    />
  );

  return (
    <div className="space-y-5">
      <Conversation messages={task.item.messages} />
      <section aria-label="Ranking" className="rounded-xl border border-slate-200 bg-slate-50 p-3">
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2 px-1">
          <p className="hidden text-xs text-slate-500 touch:block">
            Best at the top. Tap ↑ or ↓ to move a reply, and tie to share the rank of the reply above.
          </p>
          <p className="text-xs text-slate-500 touch:hidden">
            Best at the top. Drag a reply onto another to tie them, or between two to place it there.
          </p>
          <span className="text-xs text-slate-500" data-testid="save-status" aria-live="polite">
            {saveLabel}
          </span>
        </div>
        <ol data-testid="ranking">
          {gap(0)}
          {groups.map((group, g) => (
            <li key={group.join("-")}>
              <div
                data-testid={`group-${g}`}
                {...dropProps(`group-${g}`, (id) => update(joinGroup(groups, id, g)))}
                // A ring and a colour only (no border or padding change): nothing moves under the pointer.
                className={`flex gap-3 rounded-lg p-1 ${
                  over === `group-${g}`
                    ? "bg-indigo-50 ring-2 ring-indigo-500"
                    : group.length > 1
                      ? "bg-amber-50 ring-1 ring-amber-200"
                      : ""
                }`}
              >
                <div
                  className="w-8 shrink-0 pt-3 text-center text-lg font-semibold tabular-nums text-slate-500"
                  aria-hidden
                >
                  {g + 1}
                </div>
                <div className="flex-1 space-y-2">
                  {group.length > 1 ? <p className="text-xs font-medium text-amber-800">Tied</p> : null}
                  {group.map((id) => {
                    const completion = completions.find((c) => c.id === id)!;
                    return (
                      <article
                        key={id}
                        ref={(el) => {
                          if (el) cardRefs.current.set(id, el);
                        }}
                        data-testid={`card-${letter(id)}`}
                        aria-label={`Reply ${letter(id)}, rank ${g + 1}${group.length > 1 ? ", tied" : ""}`}
                        draggable={editable}
                        onDragStart={(e) => {
                          e.dataTransfer.setData("text/plain", id);
                          e.dataTransfer.effectAllowed = "move";
                          setDragging(id);
                        }}
                        onDragEnd={() => {
                          setDragging(null);
                          setOver(null);
                        }}
                        onClick={() => setCursor(id)}
                        className={`rounded-lg border-2 bg-white p-3 shadow-sm ${editable ? "cursor-grab" : ""} ${
                          cursor === id ? "border-indigo-500" : "border-slate-200"
                        } ${dragging === id ? "opacity-50" : ""}`}
                      >
                        <header className="mb-1 flex items-center justify-between gap-2">
                          <h2 className="text-sm font-semibold text-slate-700">Reply {letter(id)}</h2>
                          <span className="flex gap-1">
                            <button
                              type="button"
                              disabled={!editable}
                              aria-label={`Move reply ${letter(id)} up`}
                              onClick={() => update(moveUp(groups, id))}
                              className="rounded px-1.5 text-slate-500 hover:bg-slate-100 disabled:opacity-40"
                            >
                              ↑
                            </button>
                            <button
                              type="button"
                              disabled={!editable}
                              aria-label={`Move reply ${letter(id)} down`}
                              onClick={() => update(moveDown(groups, id))}
                              className="rounded px-1.5 text-slate-500 hover:bg-slate-100 disabled:opacity-40"
                            >
                              ↓
                            </button>
                            <button
                              type="button"
                              disabled={!editable || !canToggleTie(groups, id)}
                              aria-label={`Tie or untie reply ${letter(id)}`}
                              onClick={() => update(toggleTie(groups, id))}
                              className="rounded px-1.5 text-xs text-slate-500 hover:bg-slate-100 disabled:opacity-40"
                            >
                              tie
                            </button>
                          </span>
                        </header>
                        <CompletionText text={completion.text} className="text-sm leading-relaxed" />
                        {project.likertEnabled ? (
                          <LikertScale
                            name={`reply ${letter(id)}`}
                            value={extras.ratings[id]}
                            disabled={!editable}
                            onChange={(value) => extras.rate(id, value)}
                          />
                        ) : null}
                        <FlagList
                          name={`reply ${letter(id)}`}
                          flags={project.flags}
                          selected={extras.flags[id] ?? []}
                          disabled={!editable}
                          onToggle={(flag) => extras.toggleFlag(id, flag)}
                          firstRef={(el) => {
                            flagRefs.current.set(id, el);
                          }}
                        />
                      </article>
                    );
                  })}
                </div>
              </div>
              {gap(g + 1)}
            </li>
          ))}
        </ol>
        {!touched ? (
          <button
            type="button"
            disabled={!editable}
            onClick={() => setTouched(true)}
            className="mt-2 text-sm text-indigo-700 underline"
          >
            The order shown is right <kbd className="text-xs opacity-70">O</kbd>
          </button>
        ) : null}
      </section>
      <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        <RewriteAndComment
          extras={extras}
          best={best}
          candidate={candidate}
          letter={letter}
          editable={editable}
          openLabel={(l) => `Improve reply ${l}, ranked best (optional)`}
          nowBest={(l) => `reply ${l} is ranked best`}
        />
      </section>
    </div>
  );
}
