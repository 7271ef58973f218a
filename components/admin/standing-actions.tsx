"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { inputClass, secondaryButtonClass } from "@/components/ui/field-styles";
import { qualityRequest } from "./quality-request";

/**
 * An admin's override of a labeler's standing (docs/QUALITY.md): pass, fail or unpause, with
 * the reason the audit log records. POST /api/projects/{slug}/quality/standings/{userId}.
 */
export function StandingActions({
  slug,
  userId,
  actions,
  label,
}: {
  slug: string;
  userId: string;
  actions: ("pass" | "fail" | "unpause")[];
  /** Names the labeler for screen readers ("Unpause ada@example.com"). */
  label: string;
}) {
  const router = useRouter();
  const id = useId();
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (action: "pass" | "fail" | "unpause") => {
    setBusy(true);
    const answer = await qualityRequest(
      `/api/projects/${encodeURIComponent(slug)}/quality/standings/${encodeURIComponent(userId)}`,
      "POST",
      { action, reason },
    );
    setBusy(false);
    if (!answer.ok) setMessage(answer.message);
    else {
      setMessage(null);
      setReason("");
      router.refresh();
    }
  };
  const words = { pass: "Pass", fail: "Fail", unpause: "Unpause" } as const;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label htmlFor={id} className="sr-only">
        Reason for {label}
      </label>
      <input
        id={id}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder="Reason (audit log)"
        maxLength={1000}
        className={`${inputClass} w-48`}
      />
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          disabled={busy}
          className={secondaryButtonClass}
          aria-label={`${words[action]} ${label}`}
          onClick={() => void send(action)}
        >
          {words[action]}
        </button>
      ))}
      {message ? (
        <p role="alert" className="text-sm text-red-700">
          {message}
        </p>
      ) : null}
    </div>
  );
}
