"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * The labeling page's history, one entry per task: after a submit, the entry the labeler was
 * on becomes "?answer=<id>" (that answer in edit mode) and the next task gets a new entry, so
 * the browser's Back reopens the previous answer instead of leaving the page. Native
 * history.pushState/replaceState: Next's router follows them (useSearchParams sees the change)
 * without a request.
 */
export function useAnswerHistory() {
  // Never null under app/ (the types allow it because pages/api exists).
  const pathname = usePathname() ?? "";
  const answerId = useSearchParams()?.get("answer") ?? null;

  /** After a submit: this entry is now the answer; the next task is a new entry. */
  const recordSubmitted = useCallback(
    (annotationId: string) => {
      window.history.replaceState(null, "", `${pathname}?answer=${encodeURIComponent(annotationId)}`);
      window.history.pushState(null, "", pathname);
    },
    [pathname],
  );

  /** Leaves edit mode for the task in hand (a new entry: Back returns to the answer). */
  const continueLabeling = useCallback(() => window.history.pushState(null, "", pathname), [pathname]);

  return { answerId, recordSubmitted, continueLabeling };
}
