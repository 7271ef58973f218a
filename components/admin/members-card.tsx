"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { inputClass, primaryButtonClass } from "@/components/ui/field-styles";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormMessage } from "@/components/ui/form-message";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

interface Member {
  id: string;
  email: string;
  name: string;
  active: boolean;
  /** null while a large project's figures are not computed yet. */
  annotations: number | null;
  /** "reviewer": also reviews the others' demonstrations (docs/QUALITY.md). */
  projectRole?: string;
}

export function MembersCard({
  slug,
  members,
  candidates,
  addAction,
  removeAction,
  roleAction,
}: {
  slug: string;
  members: Member[];
  candidates: string[];
  addAction: Action;
  removeAction: Action;
  /** Peer review: sets a member's role (demonstration projects only; absent elsewhere). */
  roleAction?: Action;
}) {
  const [addState, add, adding] = useActionState(addAction, null);
  const [removeState, remove, removing] = useActionState(removeAction, null);
  const [roleState, setRole, settingRole] = useActionState(roleAction ?? addAction, null);
  return (
    <div className="space-y-4">
      <form action={add} className="flex flex-wrap items-center gap-2" aria-label="Add a member">
        <input type="hidden" name="slug" value={slug} />
        <label htmlFor="member-email" className="sr-only">
          Email of the person to add
        </label>
        <input
          id="member-email"
          name="email"
          type="email"
          list="member-candidates"
          required
          placeholder="labeler@example.com"
          defaultValue={addState?.values?.email}
          className={`${inputClass} max-w-xs`}
        />
        <datalist id="member-candidates">
          {candidates.map((email) => (
            <option key={email} value={email} />
          ))}
        </datalist>
        <button type="submit" disabled={adding} className={primaryButtonClass}>
          Add to project
        </button>
        <FormMessage state={addState} />
      </form>
      {members.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="no-members">
          Nobody labels in this project yet. Add labelers above; they will see it on their home page.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="members">
          {members.map((member) => (
            <li key={member.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <span className="font-medium">{member.name}</span>{" "}
                <span className="text-slate-500">{member.email}</span>
                {!member.active ? <span className="ml-2 text-xs text-rose-700">deactivated</span> : null}
                {member.projectRole === "reviewer" ? (
                  <span
                    className="ml-2 rounded bg-violet-50 px-1.5 py-0.5 text-xs font-medium text-violet-800 ring-1 ring-violet-200"
                    data-testid={`reviewer-${member.email}`}
                  >
                    reviewer
                  </span>
                ) : null}
              </span>
              <span className="flex items-center gap-3">
                {roleAction ? (
                  <form action={setRole}>
                    <input type="hidden" name="slug" value={slug} />
                    <input type="hidden" name="email" value={member.email} />
                    <input
                      type="hidden"
                      name="role"
                      value={member.projectRole === "reviewer" ? "labeler" : "reviewer"}
                    />
                    <button
                      type="submit"
                      disabled={settingRole}
                      aria-label={`${member.projectRole === "reviewer" ? "Stop reviews by" : "Make reviewer:"} ${member.email}`}
                      className="min-h-9 rounded-md px-2 text-xs font-medium text-indigo-700 hover:bg-indigo-50 disabled:opacity-50"
                    >
                      {member.projectRole === "reviewer" ? "Stop reviewing" : "Make reviewer"}
                    </button>
                  </form>
                ) : null}
                <span className="text-xs tabular-nums text-slate-500">
                  {member.annotations === null
                    ? "–"
                    : `${member.annotations.toLocaleString("en")} ${member.annotations === 1 ? "answer" : "answers"}`}
                </span>
                <form action={remove}>
                  <input type="hidden" name="slug" value={slug} />
                  <input type="hidden" name="userId" value={member.id} />
                  <ConfirmButton
                    disabled={removing}
                    ariaLabel={`Remove ${member.email}`}
                    title={`Remove ${member.email} from this project?`}
                    description="They stop getting its tasks; their answers stay in the project."
                    confirmLabel={`Remove ${member.email}`}
                  >
                    Remove
                  </ConfirmButton>
                </form>
              </span>
            </li>
          ))}
        </ul>
      )}
      <FormMessage state={removeState} />
      {roleAction ? <FormMessage state={roleState} /> : null}
    </div>
  );
}
