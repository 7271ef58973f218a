"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { elapsedLabel } from "@/lib/domain/answer-edit";
import { getProgress } from "./answer-api";

const sessionStartKey = (slug: string) => `rlhf:session-start:${slug}`;

/** When this tab's labeling session on the project began: kept in sessionStorage, so a reload keeps it. */
function sessionStart(slug: string): string {
  const stored = window.sessionStorage.getItem(sessionStartKey(slug));
  if (stored) return stored;
  const now = new Date().toISOString();
  window.sessionStorage.setItem(sessionStartKey(slug), now);
  return now;
}

/**
 * "Left for you" and "done this session", from the server (GET /api/projects/{slug}/progress):
 * asked again whenever the task on screen changes, so both follow submits and skips, and a
 * reload shows the same session count (answers since the session's start).
 */
export function useWorkspaceProgress(slug: string, taskId: string | null, doneHere: number) {
  const [progress, setProgress] = useState<{ remaining: number; gate: string | null; doneSince: number } | null>(null);
  useEffect(() => {
    let current = true;
    void getProgress(slug, sessionStart(slug)).then((result) => {
      if (current && result.ok) setProgress(result.data);
    });
    return () => {
      current = false;
    };
  }, [slug, taskId, doneHere]);
  return progress;
}

/** Tasks left for this labeler and the time on the task in hand. */
export function ProgressLine({
  remaining,
  qualifying = false,
  startedAt,
  answersHref,
}: {
  remaining: number | null;
  /** Behind the project's qualification: `remaining` counts its items. */
  qualifying?: boolean;
  /** When the task on screen was opened (ms); null hides the timer. */
  startedAt: number | null;
  answersHref: string;
}) {
  return (
    <div
      className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-600"
      data-testid="progress-line"
    >
      <span>
        Left for you:{" "}
        <strong className="tabular-nums text-slate-900" data-testid="left-for-you">
          {remaining === null ? "…" : remaining >= 10_000 ? "10,000+" : remaining.toLocaleString("en")}
        </strong>
        {qualifying ? (
          <span className="ml-1" data-testid="left-for-you-qualification">
            qualification {remaining === 1 ? "task" : "tasks"}, then the real ones
          </span>
        ) : null}
      </span>
      {startedAt !== null ? <TaskTimer startedAt={startedAt} /> : null}
      <Link href={answersHref} className="text-indigo-700 hover:underline">
        My recent answers
      </Link>
    </div>
  );
}

/** Ticks on its own, so that only this line renders every second. */
function TaskTimer({ startedAt }: { startedAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <span>
      On this task:{" "}
      <span className="tabular-nums text-slate-900" data-testid="task-timer">
        {elapsedLabel(now - startedAt)}
      </span>
    </span>
  );
}
