"use client";

import { useEffect, useEffectEvent, useState } from "react";
import { isLive, jobSchema, type JobView } from "./generation-view";

const POLL_EVERY_MS = 1000;

/**
 * Follows generation job `id` (null: none) until it ends, then calls `onSettled`. A new id, or
 * leaving the page, aborts the request in flight and stops polling: an answer for a job no
 * longer shown never reaches the state. `initial` is shown until the first answer.
 */
export function useGenerationProgress(
  id: string | null,
  initial: JobView | null,
  onSettled?: (job: JobView) => void,
): JobView | null {
  const [seen, setSeen] = useState<JobView | null>(null);
  const settled = useEffectEvent((job: JobView) => onSettled?.(job));

  useEffect(() => {
    if (!id) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async () => {
      const response = await fetch(`/api/generations/${id}`, { signal: controller.signal }).catch(() => null);
      const body: unknown = response?.ok ? await response.json().catch(() => null) : null;
      if (controller.signal.aborted) return;
      const parsed = jobSchema.safeParse((body as { job?: unknown } | null)?.job);
      if (parsed.success) {
        setSeen(parsed.data);
        if (!isLive(parsed.data)) {
          settled(parsed.data);
          return;
        }
      }
      // No answer (a network blip): try again at the same pace.
      timer = setTimeout(look, POLL_EVERY_MS);
    };
    void look();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [id]);

  if (!id) return null;
  return seen?.id === id ? seen : initial?.id === id ? initial : null;
}
