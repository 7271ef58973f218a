"use client";

import { useState } from "react";
import { answerError } from "./judge-view";

/** "Show suggestions" (docs/JUDGES.md): whether labelers see the judge's verdict. */
export function JudgeSuggestionsToggle({ slug, initial }: { slug: string; initial: boolean }) {
  const [on, setOn] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = async (next: boolean) => {
    // Shown at once; put back if the server refuses.
    setOn(next);
    setBusy(true);
    const response = await fetch(`/api/projects/${encodeURIComponent(slug)}/judge-suggestions`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ showJudgeSuggestions: next }),
    }).catch(() => null);
    setBusy(false);
    if (response?.ok) {
      setMessage(next ? "Labelers now see the judge's suggestion." : "Labelers no longer see judge suggestions.");
    } else {
      setOn(!next);
      setMessage(await answerError(response));
    }
  };
  return (
    <div className="space-y-2">
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={on} disabled={busy} onChange={(e) => void change(e.target.checked)} />
        Show judge suggestions to labelers
      </label>
      <p className="text-xs text-slate-500">
        When on, a labeler&apos;s task shows which reply the project&apos;s judge prefers and why, marked as a
        suggestion. Off by default: a suggestion can anchor labelers and lower the value of their answers as an
        independent check.
      </p>
      {message ? (
        <p role="status" className="text-sm text-slate-600">
          {message}
        </p>
      ) : null}
    </div>
  );
}
