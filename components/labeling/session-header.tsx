"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { secondsLeft } from "./task-session-state";

/** The project's name, the session's count, the lease countdown and the two help buttons. */
export function SessionHeader({
  projectName,
  doneHere,
  expiresAt,
  onToggleGuidelines,
  onShowShortcuts,
  guidelinesOpen,
  guidelinesSheet,
}: {
  projectName: string;
  doneHere: number;
  /** When the task in hand is reserved until; null hides the countdown. */
  expiresAt: number | null;
  onToggleGuidelines: () => void;
  onShowShortcuts: () => void;
  /** Whether the guidelines are shown beside the task (wide screens). */
  guidelinesOpen?: boolean;
  /** The phone's way to the guidelines: a button that opens them over the task. */
  guidelinesSheet?: React.ReactNode;
}) {
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
      <div>
        <Link href="/" className="text-sm text-indigo-700 hover:underline">
          ← My projects
        </Link>
        <h1 className="text-xl font-semibold text-slate-900">{projectName}</h1>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-500" data-testid="done-here">
          {doneHere} done this session
        </span>
        {expiresAt !== null ? <ReservedFor expiresAt={expiresAt} /> : null}
        {guidelinesSheet}
        <button
          type="button"
          onClick={onToggleGuidelines}
          aria-pressed={guidelinesOpen}
          className="hidden rounded-md border border-slate-300 bg-white px-3 py-1.5 lg:inline-block"
        >
          Guidelines <kbd className="text-xs text-slate-500">Alt+G</kbd>
        </button>
        <button
          type="button"
          onClick={onShowShortcuts}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 touch:hidden"
        >
          Keyboard shortcuts <kbd className="text-xs text-slate-500">?</kbd>
        </button>
      </div>
    </div>
  );
}

/** Ticks on its own, so that only this line renders every second, not the task. */
function ReservedFor({ expiresAt }: { expiresAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const remaining = secondsLeft(expiresAt, now);
  return (
    <span className="text-slate-500" title="The task is reserved for you while this page is open">
      · reserved {Math.floor(remaining / 60)}:{String(remaining % 60).padStart(2, "0")}
    </span>
  );
}
