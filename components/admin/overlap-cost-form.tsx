"use client";

import { startTransition, useActionState, useState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { inputClass, labelClass, primaryButtonClass } from "@/components/ui/field-styles";
import { FormMessage } from "@/components/ui/form-message";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export interface OverlapCostValues {
  overlap: number;
  overlapMin: number | null;
  overlapMax: number | null;
  overlapThreshold: number;
  overlapConfidence: number | null;
  hourlyRate: number | null;
}

/** The Settings tab's "Overlap and cost" card (docs/QUALITY.md): adaptive overlap and the hourly rate. */
export function OverlapCostForm({
  slug,
  settings,
  adaptiveAllowed,
  action,
}: {
  slug: string;
  settings: OverlapCostValues;
  /** Comparison and ranking projects only. */
  adaptiveAllowed: boolean;
  action: Action;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const [adaptive, setAdaptive] = useState(settings.overlapMin !== null);
  const [weighted, setWeighted] = useState(settings.overlapConfidence !== null);
  const error = (field: string) => state?.fieldErrors?.[field];
  return (
    <form
      className="space-y-4"
      aria-label="Overlap and cost"
      // Not action={...}: React would reset the fields after the save, unticking the checkbox
      // while its state stays on, and the next save would turn adaptive overlap off.
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
    >
      <input type="hidden" name="slug" value={slug} />
      {adaptiveAllowed ? (
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-800">Adaptive overlap</legend>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="adaptive" checked={adaptive} onChange={(e) => setAdaptive(e.target.checked)} />
            Ask more labelers only while an item&apos;s answers disagree
          </label>
          <p className="text-xs text-slate-500">
            Items start with the minimum number of labelers and get one more while the winner share is below the
            threshold or the Likert spread above 1, up to the maximum. Off: every item gets the overlap above (
            {settings.overlap}).
          </p>
          <div className="grid gap-3 sm:grid-cols-3">
            <div>
              <label htmlFor="overlapMin" className={labelClass}>
                Minimum labelers
              </label>
              <input
                id="overlapMin"
                name="overlapMin"
                type="number"
                min={1}
                max={100}
                required={adaptive}
                disabled={!adaptive}
                defaultValue={settings.overlapMin ?? Math.max(2, settings.overlap)}
                className={inputClass}
              />
              {error("overlapMin") ? <p className="mt-1 text-xs text-rose-700">{error("overlapMin")}</p> : null}
            </div>
            <div>
              <label htmlFor="overlapMax" className={labelClass}>
                Maximum labelers
              </label>
              <input
                id="overlapMax"
                name="overlapMax"
                type="number"
                min={1}
                max={100}
                required={adaptive}
                disabled={!adaptive}
                defaultValue={settings.overlapMax ?? Math.max(5, settings.overlap)}
                className={inputClass}
              />
              {error("overlapMax") ? <p className="mt-1 text-xs text-rose-700">{error("overlapMax")}</p> : null}
            </div>
            <div>
              <label htmlFor="overlapThreshold" className={labelClass}>
                Winner share to settle
              </label>
              <input
                id="overlapThreshold"
                name="overlapThreshold"
                type="number"
                step="0.01"
                min={0.01}
                max={1}
                required
                defaultValue={settings.overlapThreshold}
                className={inputClass}
              />
              {error("overlapThreshold") ? (
                <p className="mt-1 text-xs text-rose-700">{error("overlapThreshold")}</p>
              ) : null}
            </div>
          </div>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              name="weighted"
              checked={weighted}
              disabled={!adaptive}
              onChange={(e) => setWeighted(e.target.checked)}
            />
            Weight answers by each labeler&apos;s gold accuracy
          </label>
          <div className="max-w-xs">
            <label htmlFor="overlapConfidence" className={labelClass}>
              Confidence to settle
            </label>
            <input
              id="overlapConfidence"
              name="overlapConfidence"
              type="number"
              step="0.01"
              min={0.51}
              max={0.99}
              required={adaptive && weighted}
              disabled={!adaptive || !weighted}
              defaultValue={settings.overlapConfidence ?? 0.9}
              className={inputClass}
            />
            <p className="mt-1 text-xs text-slate-500">
              Instead of the winner share: an item settles once the chance that its leader is truly better reaches this,
              each answer counting by how often its labeler matches gold. Needs gold items in the queue (attention
              checks or plain gold); labelers without gold answers count as 70% accurate. 0.9 saved 26–30% of labels
              against a fixed overlap of 5 in the benchmark, at higher accuracy (docs/PERFORMANCE.md).
            </p>
            {error("overlapConfidence") ? (
              <p className="mt-1 text-xs text-rose-700">{error("overlapConfidence")}</p>
            ) : null}
          </div>
        </fieldset>
      ) : null}
      <div className="max-w-xs">
        <label htmlFor="hourlyRate" className={labelClass}>
          Hourly rate
        </label>
        <input
          id="hourlyRate"
          name="hourlyRate"
          type="number"
          step="0.01"
          min={0}
          placeholder="not set"
          defaultValue={settings.hourlyRate ?? ""}
          className={inputClass}
        />
        <p className="mt-1 text-xs text-slate-500">
          Per hour of labelers&apos; active time, in your currency; the Quality tab shows the cost. Empty: no cost.
        </p>
        {error("hourlyRate") ? <p className="mt-1 text-xs text-rose-700">{error("hourlyRate")}</p> : null}
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" className={primaryButtonClass} disabled={pending}>
          {pending ? "Saving…" : "Save overlap and cost"}
        </button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
