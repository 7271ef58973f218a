"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/server/actions";
import { secondaryButtonClass } from "@/components/ui/field-styles";
import { FormMessage } from "@/components/ui/form-message";

export function RaiseOverlapButton({
  slug,
  itemId,
  action,
}: {
  slug: string;
  itemId: string;
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex items-center gap-3">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="itemId" value={itemId} />
      <button type="submit" disabled={pending} className={secondaryButtonClass}>
        One more labeler
      </button>
      <FormMessage state={state} />
    </form>
  );
}
