"use client";

import type { LabelingProject } from "./types";

/** Likert 1-7 as a radio group: arrow keys move within it, as with any radio group. */
export function LikertScale({
  name,
  value,
  onChange,
  disabled,
}: {
  name: string;
  value: number | undefined;
  onChange: (value: number) => void;
  disabled: boolean;
}) {
  return (
    <fieldset className="mt-3" disabled={disabled}>
      <legend className="text-xs font-medium text-slate-600">Overall quality (1 = terrible, 7 = excellent)</legend>
      <div className="mt-1 flex flex-wrap gap-1" role="radiogroup" aria-label={`Quality of ${name}`}>
        {[1, 2, 3, 4, 5, 6, 7].map((score) => (
          <label
            key={score}
            className={`grid h-8 w-8 cursor-pointer place-items-center rounded-md border text-sm tabular-nums has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600 ${
              value === score
                ? "border-indigo-600 bg-indigo-600 text-white"
                : "border-slate-300 bg-white hover:bg-slate-50"
            }`}
          >
            <input
              type="radio"
              className="sr-only"
              name={`likert-${name}`}
              value={score}
              checked={value === score}
              onChange={() => onChange(score)}
              aria-label={`${score}`}
            />
            {score}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Flags fold away until needed: most replies have none, and seven checkboxes per card crowd the page. */
export function FlagList({
  name,
  flags,
  selected,
  onToggle,
  disabled,
  firstRef,
}: {
  name: string;
  flags: LabelingProject["flags"];
  selected: string[];
  onToggle: (flag: string) => void;
  disabled: boolean;
  firstRef?: (element: HTMLInputElement | null) => void;
}) {
  if (flags.length === 0) return null;
  const labels = flags.filter((f) => selected.includes(f.id)).map((f) => f.label);
  return (
    <details className="group mt-3 text-xs" open={selected.length > 0 || undefined}>
      <summary className="cursor-pointer select-none text-slate-600 hover:text-slate-900">
        Flags{" "}
        {labels.length ? (
          <span className="font-medium text-rose-700">{labels.join(", ")}</span>
        ) : (
          <span className="text-slate-500">none</span>
        )}{" "}
        <kbd className="text-slate-500">F</kbd>
      </summary>
      <fieldset className="mt-1.5 flex flex-wrap gap-x-4 gap-y-1" disabled={disabled}>
        <legend className="sr-only">Flags for {name}</legend>
        {flags.map((flag, index) => (
          <label key={flag.id} className="flex items-center gap-1.5 text-slate-700">
            <input
              ref={index === 0 ? firstRef : undefined}
              type="checkbox"
              checked={selected.includes(flag.id)}
              onChange={() => onToggle(flag.id)}
              aria-label={`${flag.label} (${name})`}
              className="h-3.5 w-3.5 rounded border-slate-300 accent-indigo-600"
            />
            {flag.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

/** Opens the flag list that holds this checkbox, then focuses it (the F shortcut). */
export function focusFlags(first: HTMLInputElement | null | undefined) {
  if (!first) return;
  const details = first.closest("details");
  if (details) details.open = true;
  first.focus();
}

/** Shift+digit rates: event.code is layout-independent ("Digit3"), unlike the "#" it types. */
export function ratingFromKey(event: KeyboardEvent): number | null {
  if (!event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return null;
  const match = /^Digit([1-7])$/.exec(event.code);
  return match ? Number(match[1]) : null;
}
