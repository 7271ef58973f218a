"use client";

import { startTransition, useActionState, useState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { inputClass, labelClass, primaryButtonClass, secondaryButtonClass } from "@/components/ui/field-styles";
import { FormMessage } from "@/components/ui/form-message";
import { PII_KINDS, ROUTE_WHEN, type PiiKind, type RouteWhen } from "@/lib/validation/feedback-settings";
import { scrubPatternError } from "@/lib/validation/feedback-settings-input";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export interface FeedbackSettingsValues {
  scrub: Partial<Record<PiiKind, boolean>>;
  patterns: { name: string; pattern: string }[];
  requireConsent: boolean;
  routes: { when: RouteWhen; rate: number; project: string | null }[];
}

const KIND_LABELS: Record<PiiKind, string> = {
  email: "Email addresses",
  phone: "Phone numbers",
  card: "Card numbers",
  ip: "IP addresses",
};

const WHEN_LABELS: Record<RouteWhen, string> = {
  down: "Thumbs down",
  up: "Thumbs up",
  low_score: "Score 1-2",
  high_score: "Score 4-5",
  edit: "The user edited the reply",
  regenerate: "The user regenerated",
  any: "Any event",
};

/** Signals of a single text: a comparison or ranking has nothing to put beside it. */
const SINGLE_TEXT: readonly RouteWhen[] = ["down", "up", "low_score", "high_score", "any"];

interface RuleDraft {
  key: number;
  when: RouteWhen;
  percent: string;
  project: string;
}

/** The Settings tab's "Production feedback" section (docs/FEEDBACK.md). */
export function FeedbackSettingsForm({
  slug,
  settings,
  reviewProjects,
  action,
}: {
  slug: string;
  settings: FeedbackSettingsValues;
  reviewProjects: { slug: string; name: string; kind: string }[];
  action: Action;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const [scrub, setScrub] = useState(() => Object.fromEntries(PII_KINDS.map((k) => [k, settings.scrub[k] !== false])));
  const [patterns, setPatterns] = useState(() => settings.patterns.map((p, key) => ({ ...p, key })));
  const [requireConsent, setRequireConsent] = useState(settings.requireConsent);
  const [rules, setRules] = useState<RuleDraft[]>(() =>
    settings.routes.map((r, key) => ({
      key,
      when: r.when,
      percent: String(Math.round(r.rate * 10000) / 100),
      project: r.project ?? "",
    })),
  );
  const [nextKey, setNextKey] = useState(1000);
  const kindOf = (s: string) => reviewProjects.find((p) => p.slug === s)?.kind;

  const patternErrors = patterns.map((p) => (p.pattern ? scrubPatternError(p.pattern) : "is empty"));
  const body = JSON.stringify({
    scrub,
    patterns: patterns.map(({ name, pattern }) => ({ name, pattern })),
    requireConsent,
    routes: rules.map((r) => ({ when: r.when, rate: Number(r.percent) / 100, project: r.project })),
  });
  const fieldErrors = Object.entries(state?.fieldErrors ?? {});
  const setRule = (key: number, change: Partial<RuleDraft>) =>
    setRules((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));

  return (
    <form
      // Submitted by hand: a form action would reset the fields after saving, and the selects
      // (controlled by this state) would show their first option instead of the saved rule.
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
      className="space-y-6"
      aria-label="Production feedback settings"
      data-testid="feedback-settings"
    >
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="settings" value={body} />
      <fieldset>
        <legend className={labelClass}>Scrub on arrival</legend>
        <p className="mb-2 text-xs text-slate-600">
          Replaced by a marker such as [EMAIL] before anything is stored; the replacements are counted per kind.
        </p>
        <div className="grid gap-2 sm:grid-cols-2">
          {PII_KINDS.map((k) => (
            <label key={k} className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={scrub[k]}
                onChange={(e) => setScrub((s) => ({ ...s, [k]: e.target.checked }))}
                className="accent-indigo-600"
              />
              {KIND_LABELS[k]}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend className={labelClass}>Your own patterns</legend>
        <p className="mb-2 text-xs text-slate-600">
          JavaScript regular expressions, applied after the kinds above; a match becomes [NAME].
        </p>
        <ul className="space-y-2">
          {patterns.map((p, i) => (
            <li key={p.key} className="grid gap-2 sm:grid-cols-[10rem_1fr_auto] sm:items-start">
              <input
                aria-label={`Pattern ${i + 1} name`}
                value={p.name}
                placeholder="order_id"
                onChange={(e) =>
                  setPatterns((ps) => ps.map((x) => (x.key === p.key ? { ...x, name: e.target.value } : x)))
                }
                className={inputClass}
              />
              <div>
                <input
                  aria-label={`Pattern ${i + 1} expression`}
                  value={p.pattern}
                  placeholder="ORD-\d{6}"
                  aria-invalid={Boolean(patternErrors[i])}
                  aria-describedby={`fb-pattern-${p.key}-error`}
                  onChange={(e) =>
                    setPatterns((ps) => ps.map((x) => (x.key === p.key ? { ...x, pattern: e.target.value } : x)))
                  }
                  className={`${inputClass} font-mono`}
                />
                {patternErrors[i] ? (
                  <p id={`fb-pattern-${p.key}-error`} className="mt-1 text-xs text-rose-700">
                    This pattern {patternErrors[i]}.
                  </p>
                ) : null}
              </div>
              <button
                type="button"
                className={secondaryButtonClass}
                onClick={() => setPatterns((ps) => ps.filter((x) => x.key !== p.key))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className={`${secondaryButtonClass} mt-2`}
          disabled={patterns.length >= 20}
          onClick={() => {
            setPatterns((ps) => [...ps, { key: nextKey, name: "", pattern: "" }]);
            setNextKey((k) => k + 1);
          }}
        >
          Add a pattern
        </button>
      </fieldset>

      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={requireConsent}
          onChange={(e) => setRequireConsent(e.target.checked)}
          className="mt-1 accent-indigo-600"
        />
        <span>
          Require consent
          <span className="block text-xs text-slate-600">
            Events whose consent is not true are dropped (counted, never stored).
          </span>
        </span>
      </label>

      <fieldset>
        <legend className={labelClass}>Routing to review</legend>
        <p className="mb-2 text-xs text-slate-600">
          Rules apply in order; an event goes to review at most once, as an item of the chosen project. The sample is
          decided by the event&apos;s id, so sending it again decides the same.
        </p>
        {rules.length === 0 ? (
          <p className="text-sm text-slate-500">No rules: feedback is stored, not reviewed.</p>
        ) : null}
        <ol className="space-y-3">
          {rules.map((r, i) => {
            const kind = kindOf(r.project);
            const warn = SINGLE_TEXT.includes(r.when) && (kind === "comparison" || kind === "ranking");
            return (
              <li key={r.key} className="rounded-lg border border-slate-200 p-3" data-testid="feedback-rule">
                <div className="grid gap-2 sm:grid-cols-[1fr_7rem_1.4fr_auto] sm:items-end">
                  <div>
                    <label htmlFor={`fb-when-${r.key}`} className="mb-1 block text-xs font-medium text-slate-600">
                      Rule {i + 1}: when
                    </label>
                    <select
                      id={`fb-when-${r.key}`}
                      value={r.when}
                      onChange={(e) => setRule(r.key, { when: e.target.value as RouteWhen })}
                      className={inputClass}
                    >
                      {ROUTE_WHEN.map((w) => (
                        <option key={w} value={w}>
                          {WHEN_LABELS[w]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label htmlFor={`fb-rate-${r.key}`} className="mb-1 block text-xs font-medium text-slate-600">
                      Share (%)
                    </label>
                    <input
                      id={`fb-rate-${r.key}`}
                      type="number"
                      min={0}
                      max={100}
                      step="any"
                      value={r.percent}
                      onChange={(e) => setRule(r.key, { percent: e.target.value })}
                      className={inputClass}
                    />
                  </div>
                  <div>
                    <label htmlFor={`fb-project-${r.key}`} className="mb-1 block text-xs font-medium text-slate-600">
                      Review in
                    </label>
                    <select
                      id={`fb-project-${r.key}`}
                      value={r.project}
                      onChange={(e) => setRule(r.key, { project: e.target.value })}
                      className={inputClass}
                    >
                      <option value="">(choose a project)</option>
                      {reviewProjects.map((p) => (
                        <option key={p.slug} value={p.slug}>
                          {p.name} ({p.kind})
                        </option>
                      ))}
                    </select>
                  </div>
                  <button
                    type="button"
                    className={secondaryButtonClass}
                    aria-label={`Remove rule ${i + 1}`}
                    onClick={() => setRules((rs) => rs.filter((x) => x.key !== r.key))}
                  >
                    Remove
                  </button>
                </div>
                {warn ? (
                  <p className="mt-2 text-xs text-amber-800">
                    A {kind} project only gets events with an edit or regenerated alternatives (something to compare the
                    reply with); the others are counted as not routable.
                  </p>
                ) : kind === "demonstration" ? (
                  <p className="mt-2 text-xs text-slate-600">
                    Labelers see the reply and confirm it or write a correction.
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          className={`${secondaryButtonClass} mt-2`}
          disabled={rules.length >= 20}
          onClick={() => {
            setRules((rs) => [...rs, { key: nextKey, when: "down", percent: "100", project: "" }]);
            setNextKey((k) => k + 1);
          }}
        >
          Add a rule
        </button>
        {reviewProjects.length === 0 ? (
          <p className="mt-2 text-xs text-slate-600">
            Create a comparison, ranking or demonstration project first: review items go there.
          </p>
        ) : null}
      </fieldset>

      {fieldErrors.length ? (
        <ul className="list-disc pl-5 text-sm text-rose-700" data-testid="feedback-settings-errors">
          {fieldErrors.map(([path, message]) => (
            <li key={path}>{message}</li>
          ))}
        </ul>
      ) : null}
      <div className="flex items-center gap-4">
        <button type="submit" disabled={pending || patternErrors.some(Boolean)} className={primaryButtonClass}>
          {pending ? "Saving…" : "Save feedback settings"}
        </button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
