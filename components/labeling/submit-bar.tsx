/** The bar that stays at the bottom of the screen: what is missing, Skip and Submit. */
export function SubmitBar({
  hint,
  busy,
  skipping = false,
  disabled,
  onSkip,
  onSubmit,
}: {
  hint: string;
  /** A submit or skip is on its way. */
  busy: boolean;
  /** The request on its way is a skip. */
  skipping?: boolean;
  disabled: boolean;
  onSkip: () => void;
  onSubmit: () => void;
}) {
  return (
    <div
      data-submit-bar
      className="sticky bottom-0 z-10 -mx-4 mt-6 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur"
    >
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-500" data-testid="hint">
          {hint}
        </p>
        <div className="flex gap-2">
          <button
            type="button"
            disabled={disabled}
            onClick={onSkip}
            className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 disabled:opacity-50"
          >
            {skipping ? "Skipping…" : "Skip"} <kbd className="text-xs text-slate-500">Alt+S</kbd>
          </button>
          <button
            type="button"
            disabled={disabled}
            onClick={onSubmit}
            className="rounded-md bg-indigo-600 px-5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50"
          >
            {busy && !skipping ? "Submitting…" : "Submit"} <kbd className="text-xs opacity-80">Ctrl+Enter</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}
