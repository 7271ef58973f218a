"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { secondaryButtonClass } from "@/components/ui/field-styles";
import { FormMessage } from "@/components/ui/form-message";

export interface SignInLock {
  failures: number;
  lockedForSeconds: number | null;
  limit: number;
  windowMinutes: number;
}

function describe(lock: SignInLock): string {
  if (lock.lockedForSeconds !== null) {
    const minutes = Math.ceil(lock.lockedForSeconds / 60);
    return `Locked out of sign-in: ${lock.failures} failed attempts in the last ${lock.windowMinutes} minutes; it opens by itself in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  if (lock.failures === 0) return `No failed sign-ins in the last ${lock.windowMinutes} minutes.`;
  return `${lock.failures} failed sign-in${lock.failures === 1 ? "" : "s"} in the last ${lock.windowMinutes} minutes (locked at ${lock.limit}).`;
}

/** The person's sign-in lock, and a button that lifts it (anyone who knows the email can set it off). */
export function SignInLockCard({
  userId,
  email,
  lock,
  action,
}: {
  userId: string;
  email: string;
  lock: SignInLock;
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3" aria-label="Sign-in lock">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="email" value={email} />
      <p
        data-testid="sign-in-lock"
        className={`text-sm ${lock.lockedForSeconds !== null ? "text-rose-700" : "text-slate-600"}`}
      >
        {describe(lock)}
      </p>
      <button type="submit" disabled={pending} className={secondaryButtonClass}>
        Unlock sign-in
      </button>
      <FormMessage state={state} />
    </form>
  );
}
