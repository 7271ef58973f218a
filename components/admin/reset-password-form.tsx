"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormMessage } from "@/components/ui/form-message";
import { inputClass, labelClass, secondaryButtonClass } from "@/components/ui/field-styles";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

/** An admin sets a new password for someone; their sessions end and their API tokens are revoked. */
export function ResetPasswordForm({ action, userId, email }: { action: Action; userId: string; email?: string }) {
  const [state, reset, pending] = useActionState(action, null);
  return (
    <form action={reset} aria-label="Reset password" className="space-y-3">
      <input type="hidden" name="userId" value={userId} />
      <div className="max-w-sm">
        <label htmlFor="reset-password" className={labelClass}>
          New password
        </label>
        <input
          id="reset-password"
          name="password"
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          className={inputClass}
        />
      </div>
      <p className="text-xs text-slate-500">
        Ends every open session of this person and revokes all of their API tokens.
      </p>
      <ConfirmButton
        disabled={pending}
        className={secondaryButtonClass}
        title={`Reset the password of ${email ?? "this person"}?`}
        description="Every open session of this person ends and all of their API tokens are revoked."
        confirmLabel={email ? `Reset password for ${email}` : "Reset password"}
      >
        Reset password
      </ConfirmButton>
      <FormMessage state={state} />
    </form>
  );
}
