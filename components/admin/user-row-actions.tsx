"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { secondaryButtonClass } from "@/components/ui/field-styles";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export function UserRowActions({
  action,
  resetAction,
  userId,
  email,
  role,
  active,
  isSelf,
}: {
  action: Action;
  resetAction: Action;
  userId: string;
  email: string;
  role: "admin" | "labeler";
  active: boolean;
  isSelf: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const [resetState, reset, resetting] = useActionState(resetAction, null);
  if (isSelf) return <span className="text-xs text-slate-500">This is you</span>;
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <form action={formAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="role" value={role === "admin" ? "labeler" : "admin"} />
        {role === "admin" ? (
          <button
            type="submit"
            disabled={pending}
            className={secondaryButtonClass}
            aria-label={`Make labeler ${email}`}
          >
            Make labeler
          </button>
        ) : (
          <ConfirmButton
            disabled={pending}
            ariaLabel={`Make admin ${email}`}
            title={`Make ${email} an admin?`}
            description="Admins see every project, answer and export, and can change every account."
            confirmLabel={`Make ${email} an admin`}
          >
            Make admin
          </ConfirmButton>
        )}
      </form>
      <form action={formAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="active" value={active ? "false" : "true"} />
        {active ? (
          <ConfirmButton
            disabled={pending}
            ariaLabel={`Deactivate ${email}`}
            title={`Deactivate ${email}?`}
            description="They are signed out, cannot sign in and their API tokens stop working. Their answers stay."
            confirmLabel={`Deactivate ${email}`}
          >
            Deactivate
          </ConfirmButton>
        ) : (
          <button type="submit" disabled={pending} className={secondaryButtonClass} aria-label={`Reactivate ${email}`}>
            Reactivate
          </button>
        )}
      </form>
      <details className="text-left">
        <summary className={`${secondaryButtonClass} cursor-pointer list-none`}>Reset password</summary>
        <form action={reset} className="mt-2 flex items-center gap-2">
          <input type="hidden" name="userId" value={userId} />
          <input
            name="password"
            type="password"
            required
            minLength={10}
            autoComplete="new-password"
            aria-label={`New password for ${email}`}
            className="w-40 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <ConfirmButton
            disabled={resetting}
            ariaLabel={`Set password for ${email}`}
            title={`Reset the password of ${email}?`}
            description="Every open session of this person ends and all of their API tokens are revoked."
            confirmLabel={`Reset password for ${email}`}
          >
            Set
          </ConfirmButton>
        </form>
        {resetState ? (
          <p className={`mt-1 text-xs ${resetState.ok ? "text-emerald-700" : "text-rose-700"}`}>{resetState.message}</p>
        ) : null}
      </details>
      {state && !state.ok ? <span className="text-xs text-rose-700">{state.message}</span> : null}
    </div>
  );
}
