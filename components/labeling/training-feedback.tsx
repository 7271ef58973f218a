"use client";

import { useEffect, useRef } from "react";
import { primaryButtonClass } from "@/components/ui/field-styles";
import { expectedAnswerOf } from "@/lib/domain/quality/gold-check";
import { letterFor, rankingAsText } from "@/lib/domain/ranking-text";
import type { TrainingFeedback } from "@/lib/domain/quality/training-feedback";
import type { TaskView } from "./types";

/**
 * Training phase (docs/QUALITY.md): after a training answer, the expected answer and the
 * admin's explanation, before the next task. Letters are those the task showed (display order).
 * The explanation is the admin's text, rendered as text.
 */
export function TrainingFeedbackPanel({
  feedback,
  task,
  onNext,
}: {
  feedback: TrainingFeedback;
  task: TaskView;
  onNext: () => void;
}) {
  const next = useRef<HTMLButtonElement>(null);
  // Focus moves to the one action, so Enter continues.
  useEffect(() => next.current?.focus(), []);
  const letterOf = (id: string) => {
    const index = task.item.completions.findIndex((c) => c.id === id);
    return index < 0 ? "?" : letterFor(index);
  };
  const expected = expectedAnswerOf(feedback.expected);
  const flagged = expected?.flags ? Object.entries(expected.flags).filter(([, list]) => list.length) : [];
  const tone =
    feedback.correct === true
      ? "border-green-300 bg-green-50"
      : feedback.correct === false
        ? "border-amber-300 bg-amber-50"
        : "border-slate-200 bg-white";
  return (
    <section
      aria-labelledby="training-feedback-title"
      className={`rounded-lg border p-4 ${tone}`}
      data-testid="training-feedback"
    >
      <h2 id="training-feedback-title" className="text-base font-semibold text-slate-900">
        Training feedback ({feedback.position} of {feedback.of})
      </h2>
      <p className="mt-1 text-sm text-slate-700" role="status">
        {feedback.correct === true
          ? "Your answer matches the expected one."
          : feedback.correct === false
            ? "Your answer differs from the expected one."
            : "Compare your answer with the explanation below."}
      </p>
      {expected ? (
        <dl className="mt-3 space-y-1 text-sm">
          {expected.ranking ? (
            <div className="flex gap-2">
              <dt className="font-medium text-slate-600">Expected ranking:</dt>
              <dd data-testid="training-expected">{rankingAsText(expected.ranking, letterOf)}</dd>
            </div>
          ) : expected.best ? (
            <div className="flex gap-2">
              <dt className="font-medium text-slate-600">Expected best:</dt>
              <dd data-testid="training-expected">{letterOf(expected.best)}</dd>
            </div>
          ) : null}
          {expected.flags ? (
            <div className="flex gap-2">
              <dt className="font-medium text-slate-600">Expected flags:</dt>
              <dd>
                {flagged.length
                  ? flagged.map(([id, list]) => `${letterOf(id)}: ${list.join(", ")}`).join("; ")
                  : "none"}
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {task.item.completions.length ? (
        <div className="mt-3">
          <h3 className="text-sm font-medium text-slate-600">The replies you compared</h3>
          <ol className="mt-1 space-y-2" data-testid="training-replies">
            {task.item.completions.map((c, index) => {
              const best = expected?.best === c.id;
              return (
                <li
                  key={c.id}
                  className={`rounded-md border bg-white px-3 py-2 text-sm ${best ? "border-green-400" : "border-slate-200"}`}
                >
                  <p className="font-medium text-slate-700">
                    Reply {letterFor(index)}
                    {best ? <span className="ml-2 text-green-800">expected best</span> : null}
                  </p>
                  <p className="mt-1 max-h-40 overflow-y-auto whitespace-pre-wrap text-slate-800">
                    {c.text || "(empty reply)"}
                  </p>
                </li>
              );
            })}
          </ol>
        </div>
      ) : null}
      {feedback.explanation ? (
        <div className="mt-3">
          <h3 className="text-sm font-medium text-slate-600">Why</h3>
          <p className="mt-1 text-sm whitespace-pre-wrap text-slate-800" data-testid="training-explanation">
            {feedback.explanation}
          </p>
        </div>
      ) : null}
      <button ref={next} type="button" className={`${primaryButtonClass} mt-4`} onClick={onNext}>
        Next task
      </button>
    </section>
  );
}
