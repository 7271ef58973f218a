import Link from "next/link";
import { projectTabHref } from "@/lib/domain/project-tabs";

const STEPS = [
  { key: "members", label: "Add members", hint: "the labelers who will answer", tab: "members" },
  { key: "items", label: "Import items", hint: "a JSONL file of prompts (and completions)", tab: "data" },
  { key: "guidelines", label: "Write guidelines", hint: "what a good answer is; labelers read them", tab: "settings" },
  // Conversation projects only (the step is there when `steps` has it).
  { key: "models", label: "Choose the models", hint: "the endpoints labelers chat with", tab: "settings" },
] as const;

type StepKey = (typeof STEPS)[number]["key"];

/** A new project's next steps, each ticked once done; shown until all are done. */
export function SetupChecklist({
  slug,
  steps,
}: {
  slug: string;
  steps: Record<Exclude<StepKey, "models">, boolean> & { models?: boolean };
}) {
  const shown = STEPS.filter((s) => steps[s.key] !== undefined);
  const left = shown.filter((s) => !steps[s.key]).length;
  if (left === 0) return null;
  return (
    <section
      aria-labelledby="setup-title"
      className="rounded-xl border border-indigo-200 bg-indigo-50 p-5"
      data-testid="setup-checklist"
    >
      <h2 id="setup-title" className="text-sm font-semibold text-slate-900">
        Next steps ({shown.length - left} of {shown.length} done)
      </h2>
      <ul className="mt-3 space-y-2 text-sm">
        {shown.map((step) => {
          const done = steps[step.key];
          return (
            <li key={step.key} className="flex items-start gap-2" data-testid={`setup-step-${step.key}`}>
              <span
                aria-hidden
                className={`mt-0.5 inline-flex h-4 w-4 shrink-0 items-center justify-center rounded-full text-[11px] font-bold ${
                  done ? "bg-emerald-600 text-white" : "border border-slate-400 bg-white"
                }`}
              >
                {done ? "✓" : ""}
              </span>
              <span>
                <Link href={projectTabHref(slug, step.tab)} className="font-medium text-indigo-700 hover:underline">
                  {step.label}
                </Link>{" "}
                <span className="text-slate-600">
                  {done ? <span className="font-medium text-emerald-800">done</span> : `to do: ${step.hint}`}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
