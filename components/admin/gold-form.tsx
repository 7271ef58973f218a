"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { inputClass, secondaryButtonClass } from "@/components/ui/field-styles";
import { FormMessage } from "@/components/ui/form-message";

/**
 * Marks an item gold: the completion that should win, optionally a full ranking and the
 * expected flags (in letters), and its role in the quality program (docs/QUALITY.md) with the
 * explanation shown as training feedback. A demonstration has no completions to choose: only
 * the role and the explanation (an admin grades qualification demonstrations).
 */
export function GoldForm({
  slug,
  itemId,
  options,
  current,
  action,
  gold,
  flags = [],
}: {
  slug: string;
  itemId: string;
  options: { id: string; label: string }[];
  current: string | null;
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  /** Issue 16: the role, the explanation, the expected ranking and flags in letters, and why it cannot be a check. */
  gold?: { role: string | null; explanation: string | null; ranking: string; flags: string; unusable: string | null };
  flags?: string[];
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3" aria-label="Gold answer">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="itemId" value={itemId} />
      <div className="flex flex-wrap items-center gap-2">
        {options.length ? (
          <>
            <label htmlFor="gold-best" className="text-sm text-slate-600">
              Expected best
            </label>
            <select
              id="gold-best"
              name="best"
              defaultValue={current ?? ""}
              className="rounded-md border border-slate-300 px-2 py-1.5 text-sm"
            >
              <option value="">Not gold</option>
              {options.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <label htmlFor="gold-role" className="text-sm text-slate-600">
          Used for
        </label>
        <select
          id="gold-role"
          name="role"
          defaultValue={gold?.role ?? ""}
          className="rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        >
          <option value="">Accuracy only</option>
          <option value="qualification">Qualification</option>
          <option value="training">Training</option>
          <option value="attention">Attention check</option>
        </select>
      </div>
      {options.length ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="gold-ranking" className="text-sm text-slate-600">
              Full expected ranking (optional)
            </label>
            <input
              id="gold-ranking"
              name="ranking"
              defaultValue={gold?.ranking ?? ""}
              placeholder="A > B = C"
              className={inputClass}
            />
          </div>
          {flags.length ? (
            <div>
              <label htmlFor="gold-flags" className="text-sm text-slate-600">
                Expected flags (optional; letters left out: none)
              </label>
              <input
                id="gold-flags"
                name="flags"
                defaultValue={gold?.flags ?? ""}
                placeholder={`A:${flags[0]} B:`}
                className={inputClass}
              />
            </div>
          ) : null}
        </div>
      ) : null}
      <div>
        <label htmlFor="gold-explanation" className="text-sm text-slate-600">
          Explanation (shown to labelers in training)
        </label>
        <textarea
          id="gold-explanation"
          name="explanation"
          rows={2}
          maxLength={5000}
          defaultValue={gold?.explanation ?? ""}
          className={inputClass}
        />
      </div>
      {gold?.unusable ? (
        <p role="note" className="text-sm text-amber-800" data-testid="gold-unusable">
          Not used as a check: {gold.unusable}
        </p>
      ) : null}
      <div className="flex items-center gap-2">
        <button type="submit" disabled={pending} className={secondaryButtonClass}>
          Save
        </button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
