"use client";

import type { ProjectKind } from "@/lib/domain/project-kinds";
import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { Markdown } from "@/components/lazy-markdown";
import { inputClass, labelClass, primaryButtonClass, secondaryButtonClass } from "@/components/ui/field-styles";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormMessage } from "@/components/ui/form-message";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export interface ProjectSettings {
  slug: string;
  kind: ProjectKind;
  status: "active" | "paused" | "archived" | "draft";
  name: string;
  overlap: number;
  leaseMinutes: number;
  minCompletions: number;
  maxCompletions: number;
  likertEnabled: boolean;
  flags: string[];
  minDemoLength: number;
  /** How long labelers may change an answer after submitting it (0: never). */
  editWindowMinutes: number;
  guidelines: string;
  guidelineVersion: number;
}

export function ProjectSettingsForm({
  settings,
  action,
  statusAction,
}: {
  settings: ProjectSettings;
  action: Action;
  statusAction: Action;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const [statusState, statusFormAction, statusPending] = useActionState(statusAction, null);
  // The form is not remounted after a save (that would drop the "Saved." message): React
  // resets the other fields to the saved values itself; the guidelines editor follows them here.
  const [guidelines, setGuidelines] = useState(settings.guidelines);
  const [savedGuidelines, setSavedGuidelines] = useState(settings.guidelines);
  if (settings.guidelines !== savedGuidelines) {
    setSavedGuidelines(settings.guidelines);
    setGuidelines(settings.guidelines);
  }
  const [preview, setPreview] = useState(false);
  const value = (name: string, fallback: string | number) => state?.values?.[name] ?? String(fallback);
  const error = (name: string) =>
    state?.fieldErrors?.[name] ? <p className="mt-1 text-xs text-rose-700">{state.fieldErrors[name]}</p> : null;
  const fixedRange = settings.kind === "comparison";
  return (
    <div className="space-y-6">
      <form action={statusFormAction} className="flex flex-wrap items-center gap-2" aria-label="Project status">
        <input type="hidden" name="slug" value={settings.slug} />
        <span className="text-sm text-slate-600">
          Status: <strong>{settings.status}</strong>
        </span>
        {settings.status !== "active" ? (
          <button name="status" value="active" disabled={statusPending} className={secondaryButtonClass}>
            Resume
          </button>
        ) : (
          <ConfirmButton
            name="status"
            value="paused"
            disabled={statusPending}
            title={`Pause ${settings.name}?`}
            description="Labelers stop getting its tasks until you resume it. Nothing is lost."
            confirmLabel={`Pause ${settings.name}`}
          >
            Pause
          </ConfirmButton>
        )}
        {settings.status !== "archived" ? (
          <ConfirmButton
            name="status"
            value="archived"
            disabled={statusPending}
            title={`Archive ${settings.name}?`}
            description="It leaves the labelers' lists and gets no more answers; its data and exports stay."
            confirmLabel={`Archive ${settings.name}`}
          >
            Archive
          </ConfirmButton>
        ) : null}
        <FormMessage state={statusState} />
      </form>

      <form action={formAction} className="grid gap-4 md:grid-cols-2" aria-label="Project settings">
        <input type="hidden" name="slug" value={settings.slug} />
        <div>
          <label htmlFor="s-name" className={labelClass}>
            Name
          </label>
          <input id="s-name" name="name" defaultValue={value("name", settings.name)} className={inputClass} />
          {error("name")}
        </div>
        <div className="grid grid-cols-2 gap-4">
          <div>
            <label htmlFor="s-overlap" className={labelClass}>
              Overlap
            </label>
            <input
              id="s-overlap"
              name="overlap"
              type="number"
              min={1}
              max={100}
              defaultValue={value("overlap", settings.overlap)}
              className={inputClass}
            />
            {error("overlap")}
          </div>
          <div>
            <label htmlFor="s-lease" className={labelClass}>
              Lease (minutes)
            </label>
            <input
              id="s-lease"
              name="leaseMinutes"
              type="number"
              min={1}
              max={1440}
              defaultValue={value("leaseMinutes", settings.leaseMinutes)}
              className={inputClass}
            />
            {error("leaseMinutes")}
          </div>
        </div>
        {settings.kind === "demonstration" ? (
          <div>
            <label htmlFor="s-minlen" className={labelClass}>
              Minimum reply length (characters)
            </label>
            <input
              id="s-minlen"
              name="minDemoLength"
              type="number"
              min={0}
              defaultValue={value("minDemoLength", settings.minDemoLength)}
              className={inputClass}
            />
          </div>
        ) : (
          <input type="hidden" name="minDemoLength" value={settings.minDemoLength} />
        )}
        <div>
          <label htmlFor="s-editwindow" className={labelClass}>
            Labelers may change an answer for (minutes)
          </label>
          <input
            id="s-editwindow"
            name="editWindowMinutes"
            type="number"
            required
            min={0}
            max={10080}
            aria-describedby="s-editwindow-help"
            defaultValue={value("editWindowMinutes", settings.editWindowMinutes)}
            className={inputClass}
          />
          <p id="s-editwindow-help" className="mt-1 text-xs text-slate-600">
            0 turns changes off. An export locks the answers it may contain.
          </p>
          {error("editWindowMinutes")}
        </div>
        {/* A conversation's replies are streamed live: an opening carries no completions. */}
        {settings.kind === "conversation" ? (
          <>
            <input type="hidden" name="minCompletions" value={settings.minCompletions} />
            <input type="hidden" name="maxCompletions" value={settings.maxCompletions} />
          </>
        ) : (
          <div className="grid grid-cols-2 gap-4">
            <div>
              <label htmlFor="s-kmin" className={labelClass}>
                Completions per item: at least
              </label>
              <input
                id="s-kmin"
                name="minCompletions"
                type="number"
                min={0}
                max={9}
                readOnly={fixedRange}
                defaultValue={value("minCompletions", settings.minCompletions)}
                className={inputClass}
              />
              {error("minCompletions")}
            </div>
            <div>
              <label htmlFor="s-kmax" className={labelClass}>
                at most
              </label>
              <input
                id="s-kmax"
                name="maxCompletions"
                type="number"
                min={0}
                max={9}
                readOnly={fixedRange}
                defaultValue={value("maxCompletions", settings.maxCompletions)}
                className={inputClass}
              />
            </div>
          </div>
        )}
        <div className="md:col-span-2">
          <label htmlFor="s-flags" className={labelClass}>
            Flags asked per completion (comma or space separated)
          </label>
          <input
            id="s-flags"
            name="flags"
            defaultValue={value("flags", settings.flags.join(", "))}
            className={`${inputClass} font-mono`}
          />
          {error("flags.0")}
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-700 md:col-span-2">
          <input
            type="checkbox"
            name="likertEnabled"
            defaultChecked={settings.likertEnabled}
            className="accent-indigo-600"
          />
          Ask a Likert quality score (1-7) for each completion
        </label>
        <div className="md:col-span-2">
          <div className="mb-1 flex items-center justify-between">
            <label htmlFor="s-guidelines" className={labelClass}>
              Guidelines (markdown){" "}
              <span className="font-normal text-slate-500">
                now version {settings.guidelineVersion}; saving a change makes a new version
              </span>
            </label>
            <button type="button" onClick={() => setPreview((p) => !p)} className="text-sm text-indigo-700 underline">
              {preview ? "Edit" : "Preview"}
            </button>
          </div>
          {preview ? (
            <div className="min-h-32 rounded-md border border-slate-200 p-3 text-sm" data-testid="guidelines-preview">
              <Markdown>{guidelines || "_No guidelines yet._"}</Markdown>
            </div>
          ) : null}
          <textarea
            id="s-guidelines"
            name="guidelines"
            rows={8}
            value={guidelines}
            onChange={(e) => setGuidelines(e.target.value)}
            className={`${inputClass} font-mono ${preview ? "hidden" : ""}`}
          />
        </div>
        <div className="flex items-center gap-4 md:col-span-2">
          <button type="submit" disabled={pending} className={primaryButtonClass}>
            {pending ? "Saving…" : "Save settings"}
          </button>
          <FormMessage state={state} />
        </div>
      </form>
    </div>
  );
}
