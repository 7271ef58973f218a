"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { secondaryButtonClass } from "@/components/ui/field-styles";
import { FormMessage } from "@/components/ui/form-message";

/** Marks an item gold: the completion that should win. Gold items are served like any other. */
export function GoldForm({
  slug,
  itemId,
  options,
  current,
  action,
}: {
  slug: string;
  itemId: string;
  options: { id: string; label: string }[];
  current: string | null;
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2" aria-label="Gold answer">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="itemId" value={itemId} />
      <label htmlFor="gold-best" className="text-sm text-slate-600">
        Expected best
      </label>
      <select
        id="gold-best"
        name="best"
        defaultValue={current ?? ""}
        className="rounded-md border border-slate-300 px-2 py-1.5 text-sm"
      >
        <option value="">Not gold</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit" disabled={pending} className={secondaryButtonClass}>
        Save
      </button>
      <FormMessage state={state} />
    </form>
  );
}
