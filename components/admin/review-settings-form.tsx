"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { inputClass, labelClass, primaryButtonClass } from "@/components/ui/field-styles";
import { FormMessage } from "@/components/ui/form-message";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

/** Settings tab, demonstration projects: the share of new demonstrations sent to a reviewer. */
export function ReviewSettingsForm({
  slug,
  reviewRate,
  reviewers,
  action,
}: {
  slug: string;
  reviewRate: number;
  reviewers: number;
  action: Action;
}) {
  const [state, save, saving] = useActionState(action, null);
  return (
    <form action={save} className="space-y-3" aria-label="Peer review">
      <input type="hidden" name="slug" value={slug} />
      <div className="max-w-xs">
        <label htmlFor="review-percent" className={labelClass}>
          Demonstrations reviewed (%)
        </label>
        <input
          id="review-percent"
          name="reviewPercent"
          type="number"
          min={0}
          max={100}
          step="any"
          required
          defaultValue={state?.values?.reviewPercent ?? String(Math.round(reviewRate * 10000) / 100)}
          aria-describedby="review-percent-help"
          className={inputClass}
        />
        {state?.fieldErrors?.reviewPercent ? (
          <p className="mt-1 text-sm text-rose-700">{state.fieldErrors.reviewPercent}</p>
        ) : null}
      </div>
      <p id="review-percent-help" className="text-xs text-slate-500">
        This share of new demonstrations waits for a reviewer (100: every one). A reviewer is a member you mark on the
        Members tab; they never review their own answers. Exports take accepted demonstrations by default.{" "}
        {reviewers === 0 ? (
          <strong className="font-medium text-amber-800">No member is a reviewer yet.</strong>
        ) : (
          `${reviewers} reviewer${reviewers === 1 ? "" : "s"}.`
        )}
      </p>
      <button type="submit" disabled={saving} className={primaryButtonClass}>
        Save
      </button>
      <FormMessage state={state} />
    </form>
  );
}
