"use client";

import { useEffect, useEffectEvent, useState } from "react";
import { isLive, jobSchema, type JobView } from "./generation-view";

const POLL_EVERY_MS = 1000;

/** A job to follow; a new `round` (after a cancel or a resume) follows the same job afresh. */
export interface FollowedJob {
  id: string;
  round: number;
}

/**
 * Follows generation job `target` (null: none) until it ends, then calls `onSettled`. A new
 * target, or leaving the page, aborts the request in flight and stops polling: an answer for
 * a job no longer shown never reaches the state. `initial` is shown until the first answer.
 */
export function useGenerationProgress(
  target: FollowedJob | null,
  initial: JobView | null,
  onSettled?: (job: JobView) => void,
): JobView | null {
  const [seen, setSeen] = useState<{ job: JobView; round: number } | null>(null);
  const id = target?.id ?? null;
  const round = target?.round ?? 0;
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
        setSeen({ job: parsed.data, round });
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
  }, [id, round]);

  if (!id) return null;
  if (seen?.job.id === id && seen.round === round) return seen.job;
  return initial?.id === id ? initial : null;
}
