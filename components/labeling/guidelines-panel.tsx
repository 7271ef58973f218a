import { Markdown } from "@/components/lazy-markdown";
import type { LabelingProject } from "./types";

/** The project's guidelines beside the task (below it on a narrow screen). */
export function GuidelinesPanel({ guidelines }: { guidelines: LabelingProject["guidelines"] }) {
  return (
    <aside
      aria-label="Guidelines"
      className="h-fit rounded-xl border border-slate-200 bg-white p-4 text-sm shadow-sm lg:sticky lg:top-4"
    >
      <h2 className="mb-2 flex items-center justify-between text-sm font-semibold text-slate-700">
        Guidelines
        {guidelines ? <span className="text-xs font-normal text-slate-400">version {guidelines.version}</span> : null}
      </h2>
      {guidelines ? (
        <Markdown className="max-h-[70vh] overflow-y-auto text-slate-700">{guidelines.body}</Markdown>
      ) : (
        <p className="text-slate-500">This project has no written guidelines yet.</p>
      )}
    </aside>
  );
}
