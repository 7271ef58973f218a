"use client";

import { useState } from "react";
import { GuidelinesPanel } from "./guidelines-panel";
import type { LabelingProject } from "./types";

/**
 * Below the wide layout the guidelines would sit under the whole task, far from the verdict:
 * there a button in the header opens them in a sheet over the task instead (one tap), and
 * Close, Esc or a tap outside puts the labeler back where they were.
 */
export function GuidelinesSheet({ guidelines }: { guidelines: LabelingProject["guidelines"] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 lg:hidden"
      >
        Guidelines
      </button>
      {open ? (
        <div
          className="fixed inset-0 z-30 flex items-end bg-slate-900/40 sm:items-center sm:justify-center sm:p-4 dark:bg-black/60"
          onClick={() => setOpen(false)}
        >
          <div
            role="dialog"
            aria-modal="true"
            aria-label="Guidelines"
            data-testid="guidelines-sheet"
            className="max-h-[85vh] w-full overflow-y-auto rounded-t-2xl bg-slate-50 p-3 shadow-xl sm:max-w-lg sm:rounded-2xl"
            onClick={(e) => e.stopPropagation()}
            onKeyDown={(e) => {
              if (e.key === "Escape") setOpen(false);
            }}
          >
            <GuidelinesPanel guidelines={guidelines} />
            <button
              type="button"
              autoFocus
              onClick={() => setOpen(false)}
              className="mt-3 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium"
            >
              Close
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
