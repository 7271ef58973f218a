"use client";

import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from "react";
import { claimNext, heartbeat, skipTaskRequest, submitTask } from "./api";
import { forgetLease, idempotencyKeyFor } from "./lease-storage";
import { sendWithRetries } from "./retry";
import {
  currentTask,
  heartbeatEveryMs,
  initialSession,
  NOTICE_SHOWN_MS,
  sessionReducer,
  submitAction,
} from "./task-session-state";
import type { Draft, LabelingProject, TaskView } from "./types";
import type { TrainingFeedback } from "@/lib/domain/quality/training-feedback";

/**
 * One labeler's session on a project: claims a task, keeps its lease alive, submits or skips
 * it and claims the next (a submit's answer carries it). The transitions are task-session-state.ts; this hook does the
 * requests (claim and submit through the one retry loop, retry.ts) and stops them all when
 * the page goes away.
 */
export function useTaskSession(project: LabelingProject, onSubmitted?: (annotationId: string) => void) {
  const [state, dispatch] = useReducer(sessionReducer, initialSession);
  // Issue 16 (qual): a training answer's feedback, shown before the next task; `proceed` shows it.
  const [feedback, setFeedback] = useState<{ data: TrainingFeedback; task: TaskView; proceed: () => void } | null>(
    null,
  );
  // Aborted when the page unmounts: retries stop, and late answers are dropped.
  const lifetime = useRef<AbortSignal | undefined>(undefined);

  const claim = useCallback(
    async (signal: AbortSignal | undefined) => {
      const result = await sendWithRetries(() => claimNext(project.slug), {
        signal,
        onRetry: () => dispatch({ type: "claim_retrying" }),
      });
      if (!result) return;
      if (!result.ok) dispatch({ type: "claim_refused", failure: result });
      else if (!result.data) dispatch({ type: "queue_empty" });
      else dispatch({ type: "claimed", task: result.data.task, at: Date.now() });
    },
    [project.slug],
  );

  useEffect(() => {
    const controller = new AbortController();
    lifetime.current = controller.signal;
    // The first state is already "loading": the first claim needs no claim_started.
    void claim(controller.signal);
    return () => controller.abort();
  }, [claim]);

  /** Claims the next task (after a submit or skip, or when the labeler asks for one). */
  const load = useCallback(() => {
    dispatch({ type: "claim_started" });
    return claim(lifetime.current);
  }, [claim]);

  // A passing notice goes after a few seconds, so it is not read as news about the next task.
  const { notice } = state;
  useEffect(() => {
    if (notice?.clears !== "change") return;
    const timer = setTimeout(() => dispatch({ type: "notice_expired", notice }), NOTICE_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const inHand = currentTask(state);
  const task = inHand?.task ?? null;
  const leaseLost = state.lost !== null;

  // Keeps the lease while the page is open, and notices when it is lost.
  useEffect(() => {
    if (!task || leaseLost) return;
    let stopped = false;
    const timer = setInterval(async () => {
      const result = await heartbeat(task.id);
      if (stopped) return;
      if (result.ok) dispatch({ type: "lease_extended", expiresAt: result.data.expiresAt });
      else dispatch({ type: "heartbeat_refused", failure: result });
    }, heartbeatEveryMs(project.leaseSeconds));
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [task, leaseLost, project.leaseSeconds]);

  // The state as last rendered, for a submit started by a key: a Ctrl+Enter pressed right after
  // the key that completed the answer must see that answer, not the render before it.
  const latest = useRef(state);
  useLayoutEffect(() => {
    latest.current = state;
  });
  const submit = useCallback(async () => {
    const current = latest.current;
    const action = submitAction(current);
    if (action === "not_ready") dispatch({ type: "submit_not_ready" });
    const held = currentTask(current);
    if (action !== "send" || !held || !current.draft.ready) return;
    // Marked at once, so a second Ctrl+Enter before the next render sends nothing more.
    latest.current = { ...current, busy: true };
    dispatch({ type: "submit_started" });
    const leaseId = held.task.id;
    const key = idempotencyKeyFor(leaseId);
    const body = { ...current.draft.body, timeSpentMs: Date.now() - held.startedAt };
    const result = await sendWithRetries(() => submitTask(leaseId, key, body), {
      signal: lifetime.current,
      onRetry: (attempt) => dispatch({ type: "submit_retrying", attempt }),
    });
    if (!result) return;
    if (!result.ok) {
      dispatch({ type: "submit_refused", failure: result });
      return;
    }
    forgetLease(leaseId);
    onSubmitted?.(result.data.annotationId);
    dispatch({ type: "submitted" });
    // The answer carries the next task: one round trip. Without it (the project was paused or
    // archived meanwhile) tasks/next is asked, and its answer says why there is none.
    const { next } = result.data;
    const proceed = () => {
      if (next === undefined) void load();
      else dispatch(next ? { type: "claimed", task: next.task, at: Date.now() } : { type: "queue_empty" });
    };
    if (result.data.feedback) {
      setFeedback({
        data: result.data.feedback,
        task: held.task,
        proceed: () => {
          setFeedback(null);
          proceed();
        },
      });
      return;
    }
    if (next === undefined) await load();
    else proceed();
  }, [load, onSubmitted]);

  /** Skips are not retried: a failed skip is shown and the labeler decides. */
  const skip = useCallback(
    async (reason: string) => {
      if (!task) return;
      dispatch({ type: "skip_started" });
      const result = await skipTaskRequest(task.id, reason);
      if (lifetime.current?.aborted) return;
      if (!result.ok) {
        dispatch({ type: "skip_refused", failure: result });
        return;
      }
      forgetLease(task.id);
      dispatch({ type: "skipped" });
      await load();
    },
    [task, load],
  );

  const setDraft = useCallback((draft: Draft) => dispatch({ type: "draft_changed", draft }), []);

  return { state, task, leaseLost, setDraft, load, submit, skip, feedback };
}
