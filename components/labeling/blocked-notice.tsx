"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { retryWait } from "./retry-wait";

/**
 * Why there is no task, with the ways on. A failed qualification with a waiting period counts
 * down to it, and its button starts the new attempt only once the wait is over; one that allows
 * no retry offers none. A pause or an unstarted project is checked again on request.
 */
export function BlockedNotice({
  message,
  reason,
  retryAt,
  onReload,
}: {
  message: string;
  reason?: string;
  retryAt?: number;
  onReload: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  const waiting = reason === "not_qualified" && retryAt !== undefined && retryAt > now;
  useEffect(() => {
    if (!waiting) return;
    // Each minute; the last one ends exactly at retryAt.
    const timer = setTimeout(() => setNow(Date.now()), Math.min(60_000, Math.max(0, retryAt! - Date.now())) + 50);
    return () => clearTimeout(timer);
  }, [waiting, retryAt, now]);

  const retry = (() => {
    if (reason === "not_qualified") {
      if (retryAt === undefined) return null;
      return { label: "Start a new attempt", disabled: waiting };
    }
    if (reason === "labeler_paused" || reason === "draft" || reason === "qualification_pending") {
      return { label: "Check again", disabled: false };
    }
    return { label: "Try again", disabled: false };
  })();

  return (
    <div data-testid="blocked" className="rounded-xl border border-slate-200 bg-white px-6 py-14 text-center">
      <p className="text-lg font-semibold text-slate-800">{message}</p>
      {waiting ? (
        <p className="mt-2 text-sm text-slate-600" data-testid="retry-wait" aria-live="polite">
          You can start a new attempt in {retryWait(retryAt! - now)}.
        </p>
      ) : null}
      {/* A paused project (or another refusal) is no dead end: the way back is right here. */}
      <div className="mt-4 flex flex-wrap justify-center gap-3">
        <Link href="/" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white">
          Back to my projects
        </Link>
        {retry ? (
          <button
            type="button"
            onClick={onReload}
            disabled={retry.disabled}
            className="rounded-md border border-slate-300 px-4 py-2 text-sm disabled:cursor-not-allowed disabled:opacity-50"
          >
            {retry.label}
          </button>
        ) : null}
      </div>
    </div>
  );
}
