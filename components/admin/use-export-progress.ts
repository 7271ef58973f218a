"use client";

import { useEffect, useEffectEvent, useState } from "react";
import { progressFromAnswer, STARTING, type ExportProgress } from "./export-progress";

const POLL_EVERY_MS = 400;
const IDLE: ExportProgress = { kind: "idle" };

/**
 * Follows export `id` (null: none) through its record until it is done or failed, then calls
 * `onSettled`. A new id, or leaving the page, aborts the request in flight and stops polling:
 * no answer for an export no longer shown ever reaches the state.
 */
export function useExportProgress(id: string | null, onSettled?: () => void): ExportProgress {
  const [seen, setSeen] = useState<{ id: string; progress: ExportProgress } | null>(null);
  const settled = useEffectEvent(() => onSettled?.());

  useEffect(() => {
    if (!id) return;
    const controller = new AbortController();
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async () => {
      const response = await fetch(`/api/exports/${id}`, { signal: controller.signal }).catch(() => null);
      const body: unknown = response ? await response.json().catch(() => null) : null;
      if (controller.signal.aborted) return;
      const next = progressFromAnswer(response?.status ?? null, body, Date.now() - started);
      if (next !== "again") setSeen({ id, progress: next });
      if (next === "again" || next.kind === "running") timer = setTimeout(look, POLL_EVERY_MS);
      else settled();
    };
    timer = setTimeout(look, POLL_EVERY_MS);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [id]);

  if (!id) return IDLE;
  // Until its first answer, a new export is starting (an older export's state is not shown).
  return seen?.id === id ? seen.progress : STARTING;
}
