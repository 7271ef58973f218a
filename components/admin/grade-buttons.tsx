"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { secondaryButtonClass } from "@/components/ui/field-styles";
import { qualityRequest } from "./quality-request";

/** Accept or reject a qualification demonstration (POST .../quality/standings/{userId}/grades). */
export function GradeButtons({ slug, userId, annotationId }: { slug: string; userId: string; annotationId: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const grade = async (accepted: boolean) => {
    setBusy(true);
    const answer = await qualityRequest(
      `/api/projects/${encodeURIComponent(slug)}/quality/standings/${encodeURIComponent(userId)}/grades`,
      "POST",
      { annotationId, accepted },
    );
    setBusy(false);
    if (answer.ok) router.refresh();
    else setMessage(answer.message);
  };
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button type="button" disabled={busy} className={secondaryButtonClass} onClick={() => void grade(true)}>
        Accept
      </button>
      <button type="button" disabled={busy} className={secondaryButtonClass} onClick={() => void grade(false)}>
        Reject
      </button>
      {message ? (
        <span role="alert" className="text-sm text-red-700">
          {message}
        </span>
      ) : null}
    </span>
  );
}
