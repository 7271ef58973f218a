"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { secondaryButtonClass } from "@/components/ui/field-styles";

/** Remove, behind a second click (the summary opens the confirmation). */
export function ModelEndpointRemove({
  action,
  endpointId,
  name,
}: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  endpointId: string;
  name: string;
}) {
  const [state, remove, pending] = useActionState(action, null);
  return (
    <details className="text-sm">
      <summary className={`${secondaryButtonClass} cursor-pointer list-none`}>Remove…</summary>
      <form action={remove} className="mt-2 flex flex-wrap items-center gap-2">
        <input type="hidden" name="id" value={endpointId} />
        <span className="text-slate-600">Remove {name} and its stored key?</span>
        <button
          type="submit"
          disabled={pending}
          className="inline-flex items-center rounded-md bg-rose-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-rose-500 disabled:opacity-60"
        >
          Remove {name}
        </button>
      </form>
      {state && !state.ok ? <p className="mt-1 text-xs text-rose-700">{state.message}</p> : null}
    </details>
  );
}
