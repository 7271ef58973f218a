"use client";

import { useActionState } from "react";
import type { BulkState } from "@/app/(app)/admin/users/actions";
import { inputClass, labelClass, primaryButtonClass } from "@/components/ui/field-styles";

export function BulkUsersForm({ action }: { action: (state: BulkState, form: FormData) => Promise<BulkState> }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3" aria-label="Create people in bulk">
      <div>
        <label htmlFor="bulk-people" className={labelClass}>
          One person per line: <span className="font-mono font-normal">email</span> or{" "}
          <span className="font-mono font-normal">email, name</span>
        </label>
        <textarea
          id="bulk-people"
          name="people"
          rows={5}
          className={`${inputClass} font-mono`}
          placeholder={"ana@example.com, Ana Silva\nbo@example.com"}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <select
          name="role"
          defaultValue="labeler"
          aria-label="Role for everyone"
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
        >
          <option value="labeler">Labelers</option>
          <option value="admin">Admins</option>
        </select>
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? "Creating…" : "Create accounts"}
        </button>
        {state ? (
          <p role="status" className={`text-sm ${state.ok ? "text-emerald-700" : "text-rose-700"}`}>
            {state.message}
          </p>
        ) : null}
      </div>
      {state?.result?.created.length ? (
        <div className="rounded-lg bg-amber-50 p-3 text-sm ring-1 ring-amber-200" data-testid="bulk-created">
          <p className="mb-2 font-medium text-amber-900">
            Passwords are shown only now: copy them and hand each one over privately.
          </p>
          <table className="w-full text-left font-mono text-xs">
            <tbody>
              {state.result.created.map((c) => (
                <tr key={c.email}>
                  <td className="py-0.5 pr-4">{c.email}</td>
                  <td className="py-0.5 select-all">{c.password}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {state?.result?.refused.length ? (
        <ul className="text-sm text-rose-700">
          {state.result.refused.map((r) => (
            <li key={r.line}>
              Line {r.line} ({r.text}): {r.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
