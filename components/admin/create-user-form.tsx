"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { inputClass, labelClass, primaryButtonClass } from "@/components/ui/field-styles";
import { FormMessage } from "@/components/ui/form-message";

export function CreateUserForm({ action }: { action: (state: ActionState, form: FormData) => Promise<ActionState> }) {
  const [state, formAction, pending] = useActionState(action, null);
  const fieldError = (name: string) => state?.fieldErrors?.[name];
  const value = (name: string) => state?.values?.[name];
  return (
    <form action={formAction} className="grid gap-4 md:grid-cols-2" aria-label="Create user">
      <div>
        <label htmlFor="new-email" className={labelClass}>
          Email
        </label>
        <input
          id="new-email"
          name="email"
          type="email"
          required
          defaultValue={value("email")}
          className={inputClass}
          autoComplete="off"
        />
        {fieldError("email") ? <p className="mt-1 text-xs text-rose-700">{fieldError("email")}</p> : null}
      </div>
      <div>
        <label htmlFor="new-name" className={labelClass}>
          Name <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <input id="new-name" name="name" defaultValue={value("name")} className={inputClass} autoComplete="off" />
      </div>
      <div>
        <label htmlFor="new-password" className={labelClass}>
          Initial password
        </label>
        <input
          id="new-password"
          name="password"
          type="password"
          required
          minLength={10}
          className={inputClass}
          autoComplete="new-password"
        />
        <p className="mt-1 text-xs text-slate-500">At least 10 characters. Share it with the person privately.</p>
        {fieldError("password") ? <p className="mt-1 text-xs text-rose-700">{fieldError("password")}</p> : null}
      </div>
      <div>
        <label htmlFor="new-role" className={labelClass}>
          Role
        </label>
        <select
          id="new-role"
          name="role"
          key={value("role") ?? "labeler"}
          defaultValue={value("role") ?? "labeler"}
          className={inputClass}
        >
          <option value="labeler">Labeler</option>
          <option value="admin">Admin</option>
        </select>
      </div>
      <div className="flex items-center gap-4 md:col-span-2">
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? "Creating…" : "Create user"}
        </button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
