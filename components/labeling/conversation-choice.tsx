"use client";

import { continuingReply, HARM_LABELS, type ChoiceDraft } from "@/lib/domain/conversation/choice-draft";
import { REPLY_LETTERS, type ReplyStateView } from "@/lib/domain/conversation/view";
import type { ConversationMode } from "@/lib/validation/conversations";
import { FlagList, LikertScale } from "./completion-extras";
import type { LabelingProject } from "./types";

// The choice bar under the replies: which is better (or a tie, and which one the conversation
// continues with), how much better, the project's Likert and flags, red-team harm, an optional
// rewrite of the chosen reply, a comment; then "Send choice".

const STRENGTHS = [
  { value: 1, label: "Slightly" },
  { value: 2, label: "Clearly" },
  { value: 3, label: "Much" },
] as const;

const pill = (on: boolean) =>
  `rounded-md border px-3 py-1.5 text-sm font-medium has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600 ${
    on ? "border-indigo-600 bg-indigo-600 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50"
  }`;

export function ChoiceBar({
  replies,
  mode,
  project,
  draft,
  onChange,
  hint,
  busy,
  disabled,
  onSend,
}: {
  replies: ReplyStateView[];
  mode: ConversationMode;
  project: LabelingProject;
  draft: ChoiceDraft;
  onChange: (next: ChoiceDraft) => void;
  hint: string | null;
  busy: boolean;
  disabled: boolean;
  onSend: () => void;
}) {
  const sorted = [...replies].sort((a, b) => a.position - b.position);
  const two = sorted.length === 2;
  const chosenId = continuingReply(draft);
  const chosen = sorted.find((r) => r.id === chosenId);
  const set = (patch: Partial<ChoiceDraft>) => onChange({ ...draft, ...patch });
  // Red-team: the labeler picks the more harmful reply, and the attack goes on with it.
  const redTeam = mode === "red_team";
  const comparative = redTeam ? "more harmful" : "better";
  return (
    <form
      aria-label="Your choice"
      data-testid="choice-bar"
      className="mt-4 space-y-4 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200"
      onSubmit={(e) => {
        e.preventDefault();
        onSend();
      }}
    >
      <fieldset disabled={disabled}>
        <legend className="text-sm font-semibold text-slate-900">Which reply is {comparative}?</legend>
        <div
          className="mt-2 flex flex-wrap gap-2"
          role="radiogroup"
          aria-label={redTeam ? "More harmful reply" : "Better reply"}
        >
          {sorted.map((r) => (
            <label key={r.id} className={pill(draft.pick === r.id)}>
              <input
                type="radio"
                className="sr-only"
                name="pick"
                checked={draft.pick === r.id}
                onChange={() => set({ pick: r.id, continueWith: null, tie: null })}
              />
              {REPLY_LETTERS[r.position]} is {comparative}{" "}
              <kbd className="ml-1 text-xs opacity-70">{REPLY_LETTERS[r.position]}</kbd>
            </label>
          ))}
          <label className={pill(draft.pick === "tie")}>
            <input
              type="radio"
              className="sr-only"
              name="pick"
              checked={draft.pick === "tie"}
              onChange={() => set({ pick: "tie", strength: null })}
            />
            Tie <kbd className="ml-1 text-xs opacity-70">T</kbd>
          </label>
        </div>
      </fieldset>

      {draft.pick === "tie" ? (
        <div className="flex flex-wrap gap-6">
          {sorted.length > 1 ? (
            <fieldset disabled={disabled}>
              <legend className="text-xs font-medium text-slate-600">{two ? "The two are" : "They are all"}</legend>
              <div className="mt-1 flex gap-2">
                {(["good", "bad"] as const).map((verdict) => (
                  <label key={verdict} className={pill(draft.tie === verdict)}>
                    <input
                      type="radio"
                      className="sr-only"
                      name="tie"
                      checked={draft.tie === verdict}
                      onChange={() => set({ tie: verdict })}
                    />
                    {two ? "Both" : "All"} {verdict}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <fieldset disabled={disabled}>
            <legend className="text-xs font-medium text-slate-600">Continue the conversation with</legend>
            <div className="mt-1 flex gap-2">
              {sorted.map((r) => (
                <label key={r.id} className={pill(draft.continueWith === r.id)}>
                  <input
                    type="radio"
                    className="sr-only"
                    name="continue-with"
                    checked={draft.continueWith === r.id}
                    onChange={() => set({ continueWith: r.id })}
                    aria-label={`Continue with reply ${REPLY_LETTERS[r.position]}`}
                  />
                  {REPLY_LETTERS[r.position]}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
      ) : null}

      {draft.pick !== null && draft.pick !== "tie" ? (
        <fieldset disabled={disabled}>
          <legend className="text-xs font-medium text-slate-600">How much {comparative}?</legend>
          <div className="mt-1 flex flex-wrap gap-2">
            {STRENGTHS.map((s) => (
              <label key={s.value} className={pill(draft.strength === s.value)}>
                <input
                  type="radio"
                  className="sr-only"
                  name="strength"
                  checked={draft.strength === s.value}
                  onChange={() => set({ strength: s.value })}
                />
                {s.label} {comparative} <kbd className="ml-1 text-xs opacity-70">{s.value}</kbd>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      {mode === "red_team" ? (
        <fieldset disabled={disabled}>
          <legend className="text-xs font-medium text-slate-600">
            How harmful is {chosen ? `reply ${REPLY_LETTERS[chosen.position]}` : "the chosen reply"}?
          </legend>
          <div className="mt-1 flex flex-wrap gap-2" role="radiogroup" aria-label="Harm of the chosen reply">
            {HARM_LABELS.map((label, value) => (
              <label key={value} className={pill(draft.harm === value)}>
                <input
                  type="radio"
                  className="sr-only"
                  name="harm"
                  checked={draft.harm === value}
                  onChange={() => set({ harm: value })}
                  aria-label={`${value}: ${label}`}
                />
                {value} · {label}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      {project.likertEnabled || project.flags.length > 0 ? (
        <div className="grid gap-3 md:grid-cols-2">
          {sorted.map((r) => {
            const name = `reply ${REPLY_LETTERS[r.position]}`;
            return (
              <div key={r.id} className="rounded-md bg-white p-3 ring-1 ring-slate-200">
                <p className="text-xs font-semibold text-slate-700">Reply {REPLY_LETTERS[r.position]}</p>
                {project.likertEnabled ? (
                  <LikertScale
                    name={name}
                    value={draft.ratings[r.id]}
                    disabled={disabled}
                    onChange={(score) => set({ ratings: { ...draft.ratings, [r.id]: score } })}
                  />
                ) : null}
                <FlagList
                  name={name}
                  flags={project.flags}
                  selected={draft.flags[r.id] ?? []}
                  disabled={disabled}
                  onToggle={(flag) => {
                    const list = draft.flags[r.id] ?? [];
                    set({
                      flags: {
                        ...draft.flags,
                        [r.id]: list.includes(flag) ? list.filter((f) => f !== flag) : [...list, flag],
                      },
                    });
                  }}
                />
              </div>
            );
          })}
        </div>
      ) : null}

      {redTeam ? null : draft.rewrite !== null ? (
        <div>
          <label htmlFor="conversation-rewrite" className="text-xs font-medium text-slate-600">
            Your rewrite of {chosen ? `reply ${REPLY_LETTERS[chosen.position]}` : "the chosen reply"} (the conversation
            continues with it)
          </label>
          <textarea
            id="conversation-rewrite"
            value={draft.rewrite}
            disabled={disabled}
            onChange={(e) => set({ rewrite: e.target.value })}
            rows={6}
            className="mt-1 w-full rounded-md border border-slate-300 bg-white p-2 text-sm"
          />
          <button
            type="button"
            onClick={() => set({ rewrite: null })}
            className="text-xs text-slate-600 underline"
            disabled={disabled}
          >
            Keep the reply as it is
          </button>
        </div>
      ) : (
        <button
          type="button"
          disabled={disabled || !chosen}
          onClick={() => chosen && set({ rewrite: chosen.text })}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm disabled:opacity-50"
        >
          Rewrite the chosen reply <kbd className="text-xs text-slate-500">E</kbd>
        </button>
      )}

      <div>
        <label htmlFor="conversation-choice-comment" className="text-xs font-medium text-slate-600">
          Comment (optional)
        </label>
        <textarea
          id="conversation-choice-comment"
          value={draft.comment}
          disabled={disabled}
          onChange={(e) => set({ comment: e.target.value })}
          rows={2}
          className="mt-1 w-full rounded-md border border-slate-300 bg-white p-2 text-sm"
        />
      </div>

      <div className="flex flex-wrap items-center justify-end gap-3">
        {hint ? (
          <p className="text-sm text-slate-600" data-testid="choice-hint">
            {hint}
          </p>
        ) : null}
        <button
          type="submit"
          disabled={disabled || busy || hint !== null}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white disabled:opacity-50"
        >
          {busy ? "Sending…" : "Send choice"} <kbd className="ml-1 text-xs opacity-80">Ctrl+Enter</kbd>
        </button>
      </div>
    </form>
  );
}
