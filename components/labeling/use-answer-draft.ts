"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { AnswerDraft } from "@/lib/validation/answer-draft";
import { saveDraftRequest } from "./api";
import { afterFailedSave, draftSaveLabel, SAVE_EVERY_MS, type SaveState } from "./draft-save";
import { localAnswerKey } from "./lease-storage";
import type { TaskView } from "./types";

/** A keepalive request body must stay under 64 kB; a larger answer waits for the next tick. */
const KEEPALIVE_MAX_CHARS = 60_000;

/**
 * The answer saved for this task: this browser's copy first (it is never older than the
 * server's, and it survives an expired session), then the server's. Unchecked: the task
 * component keeps only what fits the task (lib/domain/answer-draft.ts).
 */
export function savedAnswer(task: TaskView): { raw: unknown; local: boolean } {
  if (typeof window !== "undefined") {
    let local: string | null = null;
    try {
      local = window.localStorage.getItem(localAnswerKey(task.id));
    } catch {
      // Storage disabled: the server's copy is the one there is.
    }
    if (local) {
      try {
        return { raw: JSON.parse(local), local: true };
      } catch {
        // A damaged copy: the server's is the next best.
      }
    }
  }
  return { raw: task.answerDraft ?? null, local: false };
}

/**
 * Keeps a comparison's or ranking's answer in progress: in this browser on every change, on
 * the server every few seconds (PUT /api/tasks/{leaseId}/draft, which also extends the lease),
 * and the time spent when the page goes away (a reload resumes the clock). Returns the line
 * that says where the draft is.
 */
export function useAnswerDraft({
  leaseId,
  startedAt,
  editable,
  answer,
  restored,
  unsent,
  enabled = true,
}: {
  leaseId: string;
  startedAt: number;
  editable: boolean;
  answer: AnswerDraft;
  /** The first answer came from a saved draft with work in it. */
  restored: boolean;
  /** The first answer is not on the server yet (restored from this browser). */
  unsent: boolean;
  /** False in edit mode: the stored answer is the draft, and Save stores the change. */
  enabled?: boolean;
}): string {
  const json = JSON.stringify(answer);
  const [first] = useState(json);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  // What the server has (null: nothing of this page's yet), what the page holds now.
  const acknowledged = useRef<string | null>(unsent ? null : first);
  const latest = useRef(first);
  const notBefore = useRef(0);
  const sending = useRef(false);

  useEffect(() => {
    latest.current = json;
    if (!enabled || json === acknowledged.current) return;
    try {
      window.localStorage.setItem(localAnswerKey(leaseId), json);
    } catch {
      // Storage full or disabled: the server's copy, saved every few seconds, still holds it.
    }
  }, [enabled, json, leaseId]);

  const flush = useCallback(async () => {
    const body = latest.current;
    if (sending.current || body === acknowledged.current || Date.now() < notBefore.current) return;
    sending.current = true;
    setSave({ kind: "saving" });
    const result = await saveDraftRequest(leaseId, {
      answer: JSON.parse(body) as AnswerDraft,
      timeSpentMs: Math.max(0, Date.now() - startedAt),
    });
    sending.current = false;
    if (result.ok) {
      acknowledged.current = body;
      setSave({ kind: "saved", at: new Date(result.data.savedAt) });
      return;
    }
    const next = afterFailedSave(result, new Date());
    setSave(next.save);
    // Refused: the same answer would be refused again; the next change is sent.
    if (next.retryInMs === null) acknowledged.current = body;
    else notBefore.current = Date.now() + next.retryInMs;
  }, [leaseId, startedAt]);

  useEffect(() => {
    if (!editable || !enabled) return;
    const timer = setInterval(() => void flush(), SAVE_EVERY_MS);
    // The time spent always, and the answer when it has changed since the last save.
    const onHide = () => {
      const body = latest.current;
      const answerToo = body !== acknowledged.current && body.length < KEEPALIVE_MAX_CHARS;
      void saveDraftRequest(
        leaseId,
        {
          ...(answerToo ? { answer: JSON.parse(body) as AnswerDraft } : {}),
          timeSpentMs: Math.max(0, Date.now() - startedAt),
        },
        true,
      );
    };
    window.addEventListener("pagehide", onHide);
    return () => {
      clearInterval(timer);
      window.removeEventListener("pagehide", onHide);
    };
  }, [editable, enabled, flush, leaseId, startedAt]);

  return enabled ? draftSaveLabel(save, restored && json === first) : "Editing your submitted answer";
}
