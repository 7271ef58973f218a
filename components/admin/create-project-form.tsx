"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { inputClass, labelClass, primaryButtonClass } from "@/components/ui/field-styles";
import { FormMessage } from "@/components/ui/form-message";
import { slugify } from "@/lib/domain/slugify";
import { KIND_DESCRIPTIONS, type ProjectKind } from "@/lib/domain/project-kinds";

export function CreateProjectForm({
  action,
}: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const value = (name: string) => state?.values?.[name];
  // The slug follows the name until the admin types one (emptying it lets it follow again).
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [kind, setKind] = useState<string | null>(null);
  const shownKind = (kind ?? value("kind") ?? "demonstration") as ProjectKind;
  const fieldError = (name: string) =>
    state?.fieldErrors?.[name] ? <p className="mt-1 text-xs text-rose-700">{state.fieldErrors[name]}</p> : null;
  return (
    <form action={formAction} className="grid gap-4 md:grid-cols-2" aria-label="Create project">
      <div>
        <label htmlFor="project-name" className={labelClass}>
          Name
        </label>
        <input
          id="project-name"
          name="name"
          defaultValue={value("name")}
          onChange={(event) => {
            if (!slugEdited) setSlug(slugify(event.target.value));
          }}
          className={inputClass}
          placeholder="Helpful-assistant demonstrations"
        />
      </div>
      <div>
        <label htmlFor="project-slug" className={labelClass}>
          Slug
        </label>
        <input
          id="project-slug"
          name="slug"
          value={slug}
          onChange={(event) => {
            setSlug(event.target.value);
            setSlugEdited(event.target.value !== "");
          }}
          aria-invalid={Boolean(state?.fieldErrors?.slug)}
          required
          pattern="[a-z0-9][a-z0-9\-]{0,62}"
          className={`${inputClass} font-mono`}
          placeholder="helpful-demos"
        />
        <p className="mt-1 text-xs text-slate-500">
          Filled in from the name until you edit it. Used by the CLI and API: lower-case letters, digits, dashes.
        </p>
        {fieldError("slug")}
      </div>
      <div>
        <label htmlFor="project-kind" className={labelClass}>
          Kind
        </label>
        <select
          id="project-kind"
          name="kind"
          key={value("kind") ?? "demonstration"}
          defaultValue={value("kind") ?? "demonstration"}
          onChange={(event) => setKind(event.target.value)}
          aria-describedby="project-kind-help"
          className={inputClass}
        >
          <option value="demonstration">Demonstration: write the ideal reply</option>
          <option value="comparison">Comparison: A, B or tie</option>
          <option value="ranking">Ranking: order 2 to 9 completions</option>
          <option value="conversation">Conversation: chat with your models, choose a reply each turn</option>
        </select>
        <p id="project-kind-help" className="mt-1 text-xs text-slate-500" data-testid="project-kind-help">
          {KIND_DESCRIPTIONS[shownKind] ?? ""}
        </p>
      </div>
      <div>
        <label htmlFor="project-overlap" className={labelClass}>
          Overlap
        </label>
        <input
          id="project-overlap"
          name="overlap"
          type="number"
          min={1}
          max={100}
          defaultValue={value("overlap") ?? 3}
          className={inputClass}
        />
        <p className="mt-1 text-xs text-slate-500">Distinct labelers per item. 3 or more lets you measure agreement.</p>
        {fieldError("overlap")}
      </div>
      <div className="md:col-span-2">
        <label htmlFor="project-guidelines" className={labelClass}>
          Guidelines <span className="font-normal text-slate-500">(markdown, optional)</span>
        </label>
        <textarea
          id="project-guidelines"
          name="guidelines"
          rows={4}
          defaultValue={value("guidelines")}
          className={inputClass}
        />
      </div>
      <div className="flex items-center gap-4 md:col-span-2">
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? "Creating…" : "Create project"}
        </button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
