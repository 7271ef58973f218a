"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { secondaryButtonClass } from "@/components/ui/field-styles";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export function UserRowActions({
  action,
  userId,
  email,
  role,
  active,
  isSelf,
}: {
  action: Action;
  userId: string;
  email: string;
  role: "admin" | "labeler";
  active: boolean;
  isSelf: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  if (isSelf) return <span className="text-xs text-slate-400">This is you</span>;
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <form action={formAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="role" value={role === "admin" ? "labeler" : "admin"} />
        <button
          type="submit"
          disabled={pending}
          className={secondaryButtonClass}
          aria-label={`Make ${email} ${role === "admin" ? "a labeler" : "an admin"}`}
        >
          {role === "admin" ? "Make labeler" : "Make admin"}
        </button>
      </form>
      <form action={formAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="active" value={active ? "false" : "true"} />
        <button
          type="submit"
          disabled={pending}
          className={secondaryButtonClass}
          aria-label={`${active ? "Deactivate" : "Reactivate"} ${email}`}
        >
          {active ? "Deactivate" : "Reactivate"}
        </button>
      </form>
      {state && !state.ok ? <span className="text-xs text-rose-700">{state.message}</span> : null}
    </div>
  );
}
