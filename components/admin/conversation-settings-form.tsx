"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { inputClass, labelClass, primaryButtonClass } from "@/components/ui/field-styles";
import { FormMessage } from "@/components/ui/form-message";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export interface ConversationSettingsValues {
  conversationMode: "helpfulness" | "red_team";
  replyCount: number;
  replySource: "sample" | "models";
  /** Endpoint names, in order. */
  replyEndpoints: string[];
  minTurns: number;
  maxTurns: number;
  maxConcurrentGenerations: number;
  ownOpenings: boolean;
  tools: unknown[];
  turnReviewRate: number;
  turnReviewProject: string | null;
}

const MODES = [
  ["helpfulness", "Helpfulness", "Labelers get help with real tasks and choose the more helpful, honest reply."],
  [
    "red_team",
    "Red-team",
    "Labelers try to make the model say something harmful, rate each chosen reply's harm (0-4) and the attempt's success.",
  ],
] as const;

const SOURCES = [
  ["sample", "One model sampled K times", "The first endpoint below answers every reply of a turn."],
  [
    "models",
    "Different models",
    "One reply per endpoint, in the order below (fewer endpoints than replies: they go round again).",
  ],
] as const;

/** The Settings tab's "Conversation" section (docs/CONVERSATIONS.md, "Settings"). */
export function ConversationSettingsForm({
  slug,
  settings,
  endpoints,
  reviewProjects,
  action,
}: {
  slug: string;
  settings: ConversationSettingsValues;
  endpoints: { name: string; model: string }[];
  reviewProjects: { slug: string; name: string; kind: string }[];
  action: Action;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const value = (name: string, fallback: string | number) => state?.values?.[name] ?? String(fallback);
  const errorOf = (name: string) => state?.fieldErrors?.[name];
  const error = (name: string) =>
    errorOf(name) ? (
      <p id={`c-${name}-error`} className="mt-1 text-xs text-rose-700">
        {errorOf(name)}
      </p>
    ) : null;
  const tools = settings.tools.length ? JSON.stringify(settings.tools, null, 2) : "";
  const slots = [0, 1, 2, 3];
  const endpointAt = (i: number) => state?.values?.[`endpoint${i}`] ?? settings.replyEndpoints[i] ?? "";
  return (
    <form
      action={formAction}
      className="grid gap-5 md:grid-cols-2"
      aria-label="Conversation settings"
      data-testid="conversation-settings"
    >
      <input type="hidden" name="slug" value={slug} />
      <fieldset className="md:col-span-2">
        <legend className={labelClass}>Mode</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {MODES.map(([id, label, help]) => (
            <label key={id} className="flex gap-2 rounded-md border border-slate-200 p-3 text-sm">
              <input
                type="radio"
                name="conversationMode"
                value={id}
                defaultChecked={value("conversationMode", settings.conversationMode) === id}
                className="mt-1 accent-indigo-600"
              />
              <span>
                <span className="font-medium text-slate-900">{label}</span>
                <span className="block text-xs text-slate-600">{help}</span>
              </span>
            </label>
          ))}
        </div>
        {error("conversationMode")}
      </fieldset>
      <fieldset className="md:col-span-2">
        <legend className={labelClass}>Where replies come from</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {SOURCES.map(([id, label, help]) => (
            <label key={id} className="flex gap-2 rounded-md border border-slate-200 p-3 text-sm">
              <input
                type="radio"
                name="replySource"
                value={id}
                defaultChecked={value("replySource", settings.replySource) === id}
                className="mt-1 accent-indigo-600"
              />
              <span>
                <span className="font-medium text-slate-900">{label}</span>
                <span className="block text-xs text-slate-600">{help}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="md:col-span-2" aria-describedby="c-endpoints-help">
        <legend className={labelClass}>Models, in order</legend>
        {endpoints.length === 0 ? (
          <p className="text-sm text-amber-800" data-testid="no-endpoints">
            No model endpoints are registered yet: add one on the{" "}
            <a href="/admin/models" className="text-indigo-700 underline">
              Models
            </a>{" "}
            page first.
          </p>
        ) : (
          <div className="grid gap-2 sm:grid-cols-4">
            {slots.map((i) => (
              <div key={i}>
                <label htmlFor={`c-endpoint${i}`} className="mb-1 block text-xs text-slate-600">
                  Model {i + 1}
                </label>
                <select
                  id={`c-endpoint${i}`}
                  name={`endpoint${i}`}
                  defaultValue={endpointAt(i)}
                  key={endpointAt(i)}
                  className={inputClass}
                >
                  <option value="">(none)</option>
                  {endpoints.map((e) => (
                    <option key={e.name} value={e.name}>
                      {e.name} ({e.model})
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
        )}
        <p id="c-endpoints-help" className="mt-1 text-xs text-slate-600">
          Labelers never see which model wrote a reply.
        </p>
        {error("endpoints")}
      </fieldset>
      <div className="grid grid-cols-2 gap-4">
        <div>
          <label htmlFor="c-replyCount" className={labelClass}>
            Replies per turn
          </label>
          <select
            id="c-replyCount"
            name="replyCount"
            defaultValue={value("replyCount", settings.replyCount)}
            key={value("replyCount", settings.replyCount)}
            className={inputClass}
          >
            {[2, 3, 4].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          {error("replyCount")}
        </div>
        <div>
          <label htmlFor="c-maxConcurrent" className={labelClass}>
            Generations at once
          </label>
          <input
            id="c-maxConcurrent"
            name="maxConcurrentGenerations"
            type="number"
            min={1}
            max={16}
            aria-describedby="c-maxConcurrent-help"
            defaultValue={value("maxConcurrentGenerations", settings.maxConcurrentGenerations)}
            className={inputClass}
          />
          <p id="c-maxConcurrent-help" className="mt-1 text-xs text-slate-600">
            Per labeler, replies streaming at once.
          </p>
          {error("maxConcurrentGenerations")}
        </div>
      </div>
      <div className="grid grid-cols-2 gap-4">
        <div>
          <label htmlFor="c-minTurns" className={labelClass}>
            Turns: at least
          </label>
          <input
            id="c-minTurns"
            name="minTurns"
            type="number"
            min={1}
            max={50}
            defaultValue={value("minTurns", settings.minTurns)}
            className={inputClass}
          />
          {error("minTurns")}
        </div>
        <div>
          <label htmlFor="c-maxTurns" className={labelClass}>
            at most
          </label>
          <input
            id="c-maxTurns"
            name="maxTurns"
            type="number"
            min={1}
            max={50}
            defaultValue={value("maxTurns", settings.maxTurns)}
            className={inputClass}
          />
          {error("maxTurns")}
        </div>
      </div>
      <label className="flex items-start gap-2 text-sm text-slate-700 md:col-span-2">
        <input
          type="checkbox"
          name="ownOpenings"
          defaultChecked={state?.values ? state.values.ownOpenings === "on" : settings.ownOpenings}
          className="mt-1 accent-indigo-600"
        />
        <span>
          Labelers may start conversations of their own
          <span className="block text-xs text-slate-600">
            Otherwise every conversation starts from an imported opening.
          </span>
        </span>
      </label>
      <div className="md:col-span-2">
        <label htmlFor="c-tools" className={labelClass}>
          Tools (JSON, optional)
        </label>
        <textarea
          id="c-tools"
          name="tools"
          rows={6}
          defaultValue={value("tools", tools)}
          aria-invalid={Boolean(errorOf("tools"))}
          aria-describedby="c-tools-help c-tools-error"
          placeholder='[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]'
          className={`${inputClass} font-mono`}
        />
        <p id="c-tools-help" className="mt-1 text-xs text-slate-600">
          OpenAI function tools sent with every turn; labelers give the result of each call. Empty: no tools.
        </p>
        {error("tools")}
      </div>
      <div>
        <label htmlFor="c-reviewRate" className={labelClass}>
          Turns sent for review (%)
        </label>
        <input
          id="c-reviewRate"
          name="turnReviewPercent"
          type="number"
          min={0}
          max={100}
          step="any"
          aria-describedby="c-reviewRate-help"
          defaultValue={value("turnReviewPercent", Math.round(settings.turnReviewRate * 10000) / 100)}
          className={inputClass}
        />
        <p id="c-reviewRate-help" className="mt-1 text-xs text-slate-600">
          A share of chosen turns other labelers answer again, for agreement.
        </p>
        {error("turnReviewPercent")}
      </div>
      <div>
        <label htmlFor="c-reviewProject" className={labelClass}>
          Review project
        </label>
        <select
          id="c-reviewProject"
          name="reviewProject"
          defaultValue={value("reviewProject", settings.turnReviewProject ?? "")}
          key={value("reviewProject", settings.turnReviewProject ?? "")}
          className={inputClass}
        >
          <option value="">(none)</option>
          {reviewProjects.map((p) => (
            <option key={p.slug} value={p.slug}>
              {p.name} ({p.kind})
            </option>
          ))}
        </select>
        {error("reviewProject")}
      </div>
      <div className="flex items-center gap-4 md:col-span-2">
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? "Saving…" : "Save conversation settings"}
        </button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
