"use client";

import { useActionState, useState } from "react";
import type { BulkState } from "@/app/(app)/admin/users/actions";
import { inputClass, labelClass, primaryButtonClass, secondaryButtonClass } from "@/components/ui/field-styles";

type Created = NonNullable<NonNullable<BulkState>["result"]>["created"];

export function BulkUsersForm({ action }: { action: (state: BulkState, form: FormData) => Promise<BulkState> }) {
  // The one-time passwords of every submission so far, kept until the admin dismisses them:
  // a second submission adds to them instead of replacing them (they cannot be shown again).
  const [kept, setKept] = useState<Created>([]);
  const [state, formAction, pending] = useActionState(async (previous: BulkState, form: FormData) => {
    const next = await action(previous, form);
    const created = next?.result?.created ?? [];
    if (created.length) setKept((old) => [...old, ...created.filter((c) => !old.some((o) => o.email === c.email))]);
    return next;
  }, null);
  const created = state?.result?.created.length ?? 0;
  const refused = state?.result?.refused ?? [];
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
          <p role="status" className="text-sm" data-testid="bulk-message">
            {!state.result ? (
              <span className={state.ok ? "text-emerald-700" : "text-rose-700"}>{state.message}</span>
            ) : (
              // A partial creation is a success for the lines created: not shown as a failure.
              <>
                <span className={created ? "text-emerald-700" : "text-slate-700"}>
                  Created {created} account{created === 1 ? "" : "s"}.
                </span>
                {refused.length ? (
                  <span className="text-amber-800">
                    {" "}
                    {refused.length} line{refused.length === 1 ? "" : "s"} not created (below).
                  </span>
                ) : null}
              </>
            )}
          </p>
        ) : null}
      </div>
      {kept.length ? (
        <div className="rounded-lg bg-amber-50 p-3 text-sm ring-1 ring-amber-200" data-testid="bulk-created">
          <p className="mb-2 font-medium text-amber-900">
            Passwords are shown only now: copy them and hand each one over privately.
          </p>
          <table className="w-full text-left font-mono text-xs">
            <tbody>
              {kept.map((c) => (
                <tr key={c.email}>
                  <td className="py-0.5 pr-4">{c.email}</td>
                  <td className="py-0.5 select-all">{c.password}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className={`${secondaryButtonClass} mt-3`} onClick={() => setKept([])}>
            I have copied them: hide the passwords
          </button>
        </div>
      ) : null}
      {refused.length ? (
        <div className="rounded-lg bg-slate-50 p-3 text-sm ring-1 ring-slate-200" data-testid="bulk-refused">
          <p className="mb-1 font-medium text-slate-800">Not created</p>
          <ul className="text-slate-700">
            {refused.map((r) => (
              <li key={r.line}>
                Line {r.line} ({r.text}): {r.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}
