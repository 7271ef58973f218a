"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { extrasDraft, hasWork, restoreComparison } from "@/lib/domain/answer-draft";
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

type Choice = "a" | "b" | "good" | "bad";
const STRENGTHS = [
  { value: 1, label: "Slightly better" },
  { value: 2, label: "Clearly better" },
  { value: 3, label: "Much better" },
] as const;

/** The verdict a stored answer gave (edit mode): the top group's reply, or the tie's quality. */
function initialChoice(initial: TaskProps["initial"], firstId: string | undefined): Choice | null {
  if (!initial?.ranking) return null;
  if (initial.tie) return initial.tie;
  return initial.ranking[0]?.[0] === firstId ? "a" : "b";
}

const choiceButton = (active: boolean) =>
  `rounded-md border px-3 py-2 text-sm font-medium ${
    active ? "border-indigo-600 bg-indigo-600 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"
  } disabled:opacity-60`;

export function ComparisonTask({
  project,
  task,
  startedAt,
  editable,
  onDraftChange,
  registerKeys,
  initial,
}: TaskProps) {
  const [a, b] = task.item.completions;
  // The answer saved before a reload (this browser's copy or the server's draft).
  // In edit mode, the answer as submitted instead.
  const [saved] = useState(() => {
    if (initial) {
      const restored = {
        ...extrasFromBody(initial, task.item.completions),
        choice: initialChoice(initial, a?.id),
        strength: initial.strength ?? null,
      };
      return { restored, local: false, work: false };
    }
    const { raw, local } = savedAnswer(task);
    const restored = restoreComparison(raw, {
      completions: task.item.completions,
      flags: project.flags.map((f) => f.id),
    });
    return { restored, local, work: hasWork(restored) };
  });
  const [choice, setChoice] = useState<Choice | null>(saved.restored.choice);
  const [strength, setStrength] = useState<1 | 2 | 3 | null>(saved.restored.strength);
  const [cursor, setCursor] = useState(0);
  const extras = useAnswerExtras(saved.restored);
  const flagRefs = useRef<(HTMLInputElement | null)[]>([]);

  const sides = [a!, b!];
  const better = choice === "a" ? a : choice === "b" ? b : undefined;
  // The top group of the ranking this choice submits: a tie puts both replies on top.
  const best = useMemo(
    () => (choice === "a" ? [a!.id] : choice === "b" ? [b!.id] : choice ? [a!.id, b!.id] : []),
    [choice, a, b],
  );
  const letter = useCallback((id: string) => (id === a!.id ? "A" : "B"), [a]);
  const { onBestChange, ratings, flags, rewrite, comment } = extras;
  const saveLabel = useAnswerDraft({
    leaseId: task.id,
    startedAt,
    editable,
    answer: { choice, strength, ...extrasDraft({ ratings, flags, rewrite, comment }) },
    restored: saved.work,
    unsent: saved.local,
    enabled: initial === undefined,
  });

  useEffect(() => {
    onBestChange(best, better);
  }, [best, better, onBestChange]);

  useEffect(() => {
    let draft: Draft;
    const decision = rewriteDecisionHint(rewrite, best, better, letter);
    if (!choice) draft = { ready: false, hint: "Choose A, B, or a tie" };
    else if ((choice === "a" || choice === "b") && !strength) draft = { ready: false, hint: "Say how much better" };
    else if (decision) draft = { ready: false, hint: decision };
    else {
      const ranking = choice === "a" ? [[a!.id], [b!.id]] : choice === "b" ? [[b!.id], [a!.id]] : [[a!.id, b!.id]];
      draft = {
        ready: true,
        body: {
          ranking,
          ...(choice === "a" || choice === "b" ? { strength: strength! } : { tie: choice }),
          ...extrasBodyFields({ ratings, flags, rewrite, comment }),
        },
      };
    }
    onDraftChange(draft);
  }, [choice, strength, ratings, flags, rewrite, comment, a, b, best, better, letter, onDraftChange]);

  const choose = (next: Choice) => {
    setChoice(next);
    if (next === "good" || next === "bad") setStrength(null);
  };

  useEffect(() => {
    if (!editable) {
      registerKeys(null);
      return;
    }
    registerKeys((event) => {
      const rating = ratingFromKey(event);
      if (rating && project.likertEnabled) {
        extras.rate(sides[cursor]!.id, rating);
        return true;
      }
      if (event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return false;
      switch (event.key.toLowerCase()) {
        case "a":
          choose("a");
          return true;
        case "b":
          choose("b");
          return true;
        case "g":
          choose("good");
          return true;
        case "n":
          choose("bad");
          return true;
        case "1":
        case "2":
        case "3":
          if (choice === "a" || choice === "b") setStrength(Number(event.key) as 1 | 2 | 3);
          return true;
        case "arrowleft":
          setCursor(0);
          return true;
        case "arrowright":
          setCursor(1);
          return true;
        case "f":
          focusFlags(flagRefs.current[cursor]);
          return true;
        case "e":
          extras.openRewrite(better);
          return true;
        default:
          return false;
      }
    });
    return () => registerKeys(null);
  });

  return (
    <div className="space-y-5">
      <Conversation messages={task.item.messages} />
      <div className="grid gap-4 lg:grid-cols-2">
        {sides.map((completion, index) => {
          const label = index === 0 ? "A" : "B";
          const chosen = (index === 0 && choice === "a") || (index === 1 && choice === "b");
          return (
            <article
              key={completion.id}
              data-testid={`completion-${label}`}
              aria-label={`Reply ${label}`}
              onClick={() => setCursor(index)}
              className={`rounded-xl border-2 bg-white p-4 shadow-sm ${
                chosen ? "border-emerald-500" : cursor === index ? "border-indigo-400" : "border-slate-200"
              }`}
            >
              <header className="mb-2 flex items-center justify-between">
                <h2 className="text-sm font-semibold text-slate-700">Reply {label}</h2>
                {chosen ? <span className="text-xs font-semibold text-emerald-700">Better</span> : null}
              </header>
              <CompletionText text={completion.text} className="text-sm leading-relaxed" />
              {project.likertEnabled ? (
                <LikertScale
                  name={`reply ${label}`}
                  value={extras.ratings[completion.id]}
                  disabled={!editable}
                  onChange={(value) => extras.rate(completion.id, value)}
                />
              ) : null}
              <FlagList
                name={`reply ${label}`}
                flags={project.flags}
                selected={extras.flags[completion.id] ?? []}
                disabled={!editable}
                onToggle={(flag) => extras.toggleFlag(completion.id, flag)}
                firstRef={(el) => {
                  flagRefs.current[index] = el;
                }}
              />
            </article>
          );
        })}
      </div>

      <section aria-label="Your verdict" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-sm font-semibold text-slate-700">Which reply is better?</h2>
          <span className="text-xs text-slate-500" data-testid="save-status" aria-live="polite">
            {saveLabel}
          </span>
        </div>
        <div className="mt-2 flex flex-wrap gap-2">
          <button
            type="button"
            disabled={!editable}
            aria-pressed={choice === "a"}
            className={choiceButton(choice === "a")}
            onClick={() => choose("a")}
          >
            A is better <kbd className="ml-1 text-xs opacity-70">A</kbd>
          </button>
          <button
            type="button"
            disabled={!editable}
            aria-pressed={choice === "b"}
            className={choiceButton(choice === "b")}
            onClick={() => choose("b")}
          >
            B is better <kbd className="ml-1 text-xs opacity-70">B</kbd>
          </button>
          <button
            type="button"
            disabled={!editable}
            aria-pressed={choice === "good"}
            className={choiceButton(choice === "good")}
            onClick={() => choose("good")}
          >
            Tie: both good <kbd className="ml-1 text-xs opacity-70">G</kbd>
          </button>
          <button
            type="button"
            disabled={!editable}
            aria-pressed={choice === "bad"}
            className={choiceButton(choice === "bad")}
            onClick={() => choose("bad")}
          >
            Tie: both bad <kbd className="ml-1 text-xs opacity-70">N</kbd>
          </button>
        </div>
        {choice === "a" || choice === "b" ? (
          <div className="mt-3 flex flex-wrap items-center gap-2" role="group" aria-label="How much better">
            <span className="text-sm text-slate-600">{choice.toUpperCase()} is</span>
            {STRENGTHS.map((s) => (
              <button
                key={s.value}
                type="button"
                disabled={!editable}
                aria-pressed={strength === s.value}
                className={choiceButton(strength === s.value)}
                onClick={() => setStrength(s.value)}
              >
                {s.label} <kbd className="ml-1 text-xs opacity-70">{s.value}</kbd>
              </button>
            ))}
          </div>
        ) : null}
        <div className="mt-4">
          <RewriteAndComment
            extras={extras}
            best={best}
            candidate={better}
            letter={letter}
            editable={editable}
            openLabel={(l) => `Improve reply ${l}, the better one (optional)`}
            nowBest={(l) => `${l} is the better reply`}
          />
        </div>
      </section>
    </div>
  );
}
