import { shortcutsFor } from "./shortcuts";
import type { LabelingProject } from "./types";

/** The keyboard shortcuts of this project's kind; a click outside or Esc closes it. */
export function ShortcutsDialog({ project, onClose }: { project: LabelingProject; onClose: () => void }) {
  return (
    <div className="fixed inset-0 z-20 grid place-items-center bg-slate-900/40 p-4 dark:bg-black/60" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        className="w-full max-w-md rounded-xl bg-white p-5 shadow-xl"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 className="mb-3 text-base font-semibold">Keyboard shortcuts</h2>
        <dl className="space-y-1.5 text-sm" data-testid="shortcut-list">
          {shortcutsFor(project).map((s) => (
            <div key={s.keys} className="flex justify-between gap-4">
              <dt>
                <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">
                  {s.keys}
                </kbd>
              </dt>
              <dd className="text-right text-slate-600">{s.action}</dd>
            </div>
          ))}
        </dl>
        <button
          type="button"
          autoFocus
          onClick={onClose}
          className="mt-4 rounded-md border border-slate-300 px-3 py-1.5 text-sm"
        >
          Close
        </button>
      </div>
    </div>
  );
}
