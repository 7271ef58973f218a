"use client";

import { useActionState } from "react";
import type { ModelTestState } from "@/app/(app)/admin/models/actions";
import { secondaryButtonClass } from "@/components/ui/field-styles";

/** The "Test" button: one tiny chat completion, then its latency and reply, or the error. */
export function ModelEndpointTest({
  action,
  endpointId,
  name,
}: {
  action: (state: ModelTestState, form: FormData) => Promise<ModelTestState>;
  endpointId: string;
  name: string;
}) {
  const [state, test, pending] = useActionState(action, null);
  return (
    <div className="space-y-2">
      <form action={test}>
        <input type="hidden" name="id" value={endpointId} />
        <button type="submit" disabled={pending} className={secondaryButtonClass} aria-label={`Test ${name}`}>
          {pending ? "Testing…" : "Test"}
        </button>
      </form>
      {state ? (
        <div
          role="status"
          data-testid="model-test-result"
          className={`rounded-md px-3 py-2 text-sm ${state.ok ? "bg-emerald-50 text-emerald-800" : "bg-rose-50 text-rose-800"}`}
        >
          <p className="font-medium">{state.ok ? state.message : `Failed: ${state.message}`}</p>
          {state.ok ? (
            <p className="mt-1 whitespace-pre-wrap break-words text-slate-700">
              Reply: <q>{state.reply}</q>
              {state.finishReason ? (
                <span className="text-slate-500"> (finish reason: {state.finishReason})</span>
              ) : null}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
