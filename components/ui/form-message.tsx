import type { ActionState } from "@/lib/server/actions";

export function FormMessage({ state }: { state: ActionState }) {
  if (!state) return null;
  return (
    <p
      role="status"
      data-testid="form-message"
      className={`text-sm ${state.ok ? "text-emerald-700" : "text-rose-700"}`}
    >
      {state.message}
    </p>
  );
}
