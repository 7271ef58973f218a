"use client";

import { useState } from "react";
import { inputClass, labelClass, primaryButtonClass } from "@/components/ui/field-styles";
import { qualityRequest } from "./quality-request";

export interface QualitySettingsValues {
  qualificationRequired: boolean;
  qualificationThreshold: number;
  qualificationRetryHours: number | null;
  trainingItems: number;
  attentionRate: number;
  attentionWindow: number;
  attentionThreshold: number;
  status: string;
}

/** The Settings tab's "Labeler quality" card (docs/QUALITY.md): PUT /api/projects/{slug}/quality/settings. */
export function QualitySettingsForm({ slug, initial }: { slug: string; initial: QualitySettingsValues }) {
  const [message, setMessage] = useState<{ tone: "ok" | "error" | "warning"; text: string } | null>(
    initial.status === "draft"
      ? {
          tone: "warning",
          text: "This project is a draft: qualification is required and it has no qualification items yet.",
        }
      : null,
  );
  const [busy, setBusy] = useState(false);
  const submit = async (form: FormData) => {
    setBusy(true);
    const retry = String(form.get("qualificationRetryHours") ?? "").trim();
    // A blank field is sent blank, which the API refuses by name (Number("") would save 0).
    const num = (name: string, scale = 1) => {
      const raw = String(form.get(name) ?? "").trim();
      return raw === "" ? "" : Number(raw) / scale;
    };
    const answer = await qualityRequest<{ quality: QualitySettingsValues & { notice?: string } }>(
      `/api/projects/${encodeURIComponent(slug)}/quality/settings`,
      "PUT",
      {
        qualificationRequired: form.get("qualificationRequired") === "on",
        qualificationThreshold: num("qualificationThreshold", 100),
        qualificationRetryHours: retry === "" ? null : Number(retry),
        trainingItems: num("trainingItems"),
        attentionRate: num("attentionRate", 100),
        attentionWindow: num("attentionWindow"),
        attentionThreshold: num("attentionThreshold", 100),
      },
    );
    setBusy(false);
    if (!answer.ok) setMessage({ tone: "error", text: answer.message });
    else if (answer.data.quality.notice) setMessage({ tone: "warning", text: answer.data.quality.notice });
    else setMessage({ tone: "ok", text: "Saved." });
  };
  const pct = (x: number) => Math.round(x * 1000) / 10;
  return (
    <form
      aria-label="Labeler quality"
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(new FormData(event.currentTarget));
      }}
    >
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-800">Qualification</legend>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="qualificationRequired" defaultChecked={initial.qualificationRequired} />
          Labelers must pass a qualification on gold items before real tasks
        </label>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="q-threshold" className={labelClass}>
              Pass mark (% pairwise agreement with gold)
            </label>
            <input
              id="q-threshold"
              name="qualificationThreshold"
              type="number"
              min={0}
              max={100}
              step="any"
              defaultValue={pct(initial.qualificationThreshold)}
              className={inputClass}
            />
          </div>
          <div>
            <label htmlFor="q-retry" className={labelClass}>
              Retry after (hours; empty: no retry)
            </label>
            <input
              id="q-retry"
              name="qualificationRetryHours"
              type="number"
              min={0}
              defaultValue={initial.qualificationRetryHours ?? ""}
              className={inputClass}
            />
          </div>
        </div>
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-800">Training</legend>
        <div className="sm:w-1/2">
          <label htmlFor="q-training" className={labelClass}>
            Feedback on a labeler&apos;s first N answers (0: none)
          </label>
          <input
            id="q-training"
            name="trainingItems"
            type="number"
            min={0}
            defaultValue={initial.trainingItems}
            className={inputClass}
          />
        </div>
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-800">Attention checks</legend>
        <div className="grid gap-3 sm:grid-cols-3">
          <div>
            <label htmlFor="q-rate" className={labelClass}>
              Share of tasks (%)
            </label>
            <input
              id="q-rate"
              name="attentionRate"
              type="number"
              min={0}
              max={100}
              step="any"
              defaultValue={pct(initial.attentionRate)}
              className={inputClass}
            />
          </div>
          <div>
            <label htmlFor="q-window" className={labelClass}>
              Over the last M checks
            </label>
            <input
              id="q-window"
              name="attentionWindow"
              type="number"
              min={1}
              defaultValue={initial.attentionWindow}
              className={inputClass}
            />
          </div>
          <div>
            <label htmlFor="q-attention-threshold" className={labelClass}>
              Pause below (% correct)
            </label>
            <input
              id="q-attention-threshold"
              name="attentionThreshold"
              type="number"
              min={0}
              max={100}
              step="any"
              defaultValue={pct(initial.attentionThreshold)}
              className={inputClass}
            />
          </div>
        </div>
      </fieldset>
      <p className="text-xs text-slate-500">
        Gold items get their role (qualification, training, attention) and explanation on the item page. Attention
        checks look like any other task.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={busy} className={primaryButtonClass}>
          Save quality settings
        </button>
        {message ? (
          <p
            role={message.tone === "error" ? "alert" : "status"}
            className={`text-sm ${message.tone === "error" ? "text-red-700" : message.tone === "warning" ? "text-amber-800" : "text-green-700"}`}
          >
            {message.text}
          </p>
        ) : null}
      </div>
    </form>
  );
}
