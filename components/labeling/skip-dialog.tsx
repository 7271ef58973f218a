"use client";

import { useState } from "react";
import { MAX_SKIP_REASON_LENGTH } from "@/lib/validation/text-limits";

const REASONS = [
  "I lack the expertise to judge this",
  "The prompt is unclear or broken",
  "The content is too disturbing for me",
  "Other",
];

/**
 * Skipping asks why: the reasons show admins which tasks need attention. No reason is chosen
 * in advance, so that Enter alone never records a reason the labeler did not pick.
 */
export function SkipDialog({ onSkip, onCancel }: { onSkip: (reason: string) => void; onCancel: () => void }) {
  const [choice, setChoice] = useState<string | null>(null);
  const [other, setOther] = useState("");
  const [tried, setTried] = useState(false);
  const reason = choice === "Other" ? other.trim() : (choice ?? "");
  return (
    <div className="fixed inset-0 z-20 grid place-items-center bg-slate-900/40 p-4 dark:bg-black/60" onClick={onCancel}>
      <form
        role="dialog"
        aria-modal="true"
        aria-label="Skip this task"
        className="w-full max-w-md rounded-xl bg-white p-5 shadow-xl"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === "Escape") onCancel();
        }}
        onSubmit={(e) => {
          e.preventDefault();
          if (reason) onSkip(reason);
          else setTried(true);
        }}
      >
        <h2 className="text-base font-semibold">Skip this task?</h2>
        <p className="mt-1 text-sm text-slate-500">
          It goes back to the queue for someone else; you will not see it again.
        </p>
        <fieldset className="mt-3 space-y-1.5">
          <legend className="sr-only">Reason</legend>
          {REASONS.map((r, index) => (
            <label key={r} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="reason"
                value={r}
                checked={choice === r}
                onChange={() => setChoice(r)}
                autoFocus={index === 0}
              />
              {r}
            </label>
          ))}
        </fieldset>
        {choice === "Other" ? (
          <input
            aria-label="Your reason"
            autoFocus
            value={other}
            onChange={(e) => setOther(e.target.value)}
            maxLength={MAX_SKIP_REASON_LENGTH}
            className="mt-2 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          />
        ) : null}
        {tried && !reason ? (
          <p data-testid="skip-reason-needed" className="mt-2 text-sm text-rose-700">
            {choice === "Other" ? "Write your reason first." : "Choose a reason first."}
          </p>
        ) : null}
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
            Cancel
          </button>
          {/* Not disabled: Enter must reach onSubmit to say what is missing. */}
          <button
            type="submit"
            aria-disabled={!reason}
            className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-semibold text-white aria-disabled:opacity-50"
          >
            Skip task
          </button>
        </div>
      </form>
    </div>
  );
}
