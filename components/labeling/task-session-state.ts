// The labeling page's state machine: which task is on screen, whether it is still this
// labeler's, what the submit bar and the notice say. Pure (no React, no network), so every
// transition is unit-tested; use-task-session.ts does the I/O and dispatches these events.
import { describeFailure, isOutage, type Failure } from "./failures";
import type { Draft, TaskView } from "./types";

export type Phase =
  | { kind: "loading" }
  | { kind: "task"; task: TaskView; startedAt: number }
  | { kind: "empty" }
  /** `reason`: the server's (not_qualified, labeler_paused, draft...); `retryAt`: when a new qualification attempt may start. */
  | { kind: "blocked"; message: string; reason?: string; retryAt?: number };

/**
 * `clears` says when a notice stops being true: "change" once the labeler changes the answer
 * (or after NOTICE_SHOWN_MS), "claim" once a task is on screen. Others stay until replaced.
 */
export type Notice = { tone: "error" | "warning" | "info"; text: string; clears?: "change" | "claim" } | null;

/** How long a passing notice ("Submitted. Here is the next one.") stays on screen. */
export const NOTICE_SHOWN_MS = 4000;

/** A failed request as the session sees it: the server's reason picks the words shown. */
export type Refusal = Failure & { reason?: string; leaseState?: string; retryAt?: number };

export interface SessionState {
  phase: Phase;
  /** What the task component would submit, or why it cannot yet. */
  draft: Draft;
  /**
   * Set when the task stopped being this labeler's (lease expired, project archived, or
   * `state` "submitted": already submitted, from another tab).
   */
  lost: { reason?: string; state?: string } | null;
  /** The session expired (a 401): the work stays on the page; signing in again continues it. */
  signedOut: boolean;
  /** The request on its way is a skip (the bar says "Skipping…"). */
  skipping: boolean;
  /** The task just claimed has not reported its first draft yet (that one is no change). */
  draftFresh: boolean;
  /** A submit or skip is on its way: the task is read-only meanwhile. */
  busy: boolean;
  notice: Notice;
  doneHere: number;
  /** When the lease runs out, as the server last said (ms since the epoch). */
  expiresAt: number | null;
}

export const initialSession: SessionState = {
  phase: { kind: "loading" },
  draft: { ready: false, hint: "" },
  lost: null,
  signedOut: false,
  skipping: false,
  draftFresh: true,
  busy: false,
  notice: null,
  doneHere: 0,
  expiresAt: null,
};

export type SessionEvent =
  | { type: "claim_started" }
  | { type: "claim_retrying" }
  | { type: "claimed"; task: TaskView; at: number }
  | { type: "queue_empty" }
  | { type: "claim_refused"; failure: Refusal }
  | { type: "draft_changed"; draft: Draft }
  | { type: "lease_extended"; expiresAt: string }
  | { type: "heartbeat_refused"; failure: Refusal }
  | { type: "submit_not_ready" }
  | { type: "submit_started" }
  | { type: "submit_retrying"; attempt: number }
  | { type: "submitted" }
  | { type: "submit_refused"; failure: Refusal }
  | { type: "skip_started" }
  | { type: "skipped" }
  | { type: "skip_refused"; failure: Refusal }
  | { type: "notice_expired"; notice: Notice };

const info = (text: string): Notice => ({ tone: "info", text, clears: "change" });
const SUBMITTED_NEXT = "Submitted. Here is the next one.";
/** No next task came (the queue is empty, or a notice blocks the labeler): the submit was all. */
const withoutNextPromise = (notice: Notice | null): Notice | null =>
  notice?.text === SUBMITTED_NEXT ? info("Submitted.") : notice;
const lose = (state: SessionState, failure: Refusal): SessionState => ({
  ...state,
  lost: { reason: failure.reason, ...(failure.leaseState ? { state: failure.leaseState } : {}) },
  busy: false,
  skipping: false,
});
/** A 401: the session cookie expired or was revoked. Nothing is retried; the work stays. */
const signOut = (state: SessionState): SessionState => ({
  ...state,
  signedOut: true,
  busy: false,
  skipping: false,
  notice: null,
});
const sameDraft = (a: Draft, b: Draft) => JSON.stringify(a) === JSON.stringify(b);

export function sessionReducer(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case "claim_started":
      // The notice stays: "Submitted. Here is the next one." is read while the next loads.
      return { ...state, phase: { kind: "loading" }, lost: null };
    case "claim_retrying":
      return { ...state, notice: { tone: "warning", text: "Cannot reach the server, trying again…", clears: "claim" } };
    case "claimed":
      return {
        ...state,
        // Time spent in earlier visits (a reload) counts: the clock resumes, it does not restart.
        phase: { kind: "task", task: event.task, startedAt: event.at - (event.task.timeSpentMs ?? 0) },
        expiresAt: new Date(event.task.expiresAt).getTime(),
        signedOut: false,
        draftFresh: true,
        notice: state.notice?.clears === "claim" ? null : state.notice,
      };
    case "queue_empty":
      return { ...state, phase: { kind: "empty" }, notice: withoutNextPromise(state.notice) };
    case "claim_refused":
      if (event.failure.status === 401) {
        return { ...signOut(state), phase: { kind: "blocked", message: "You were signed out." } };
      }
      return {
        ...state,
        phase: {
          kind: "blocked",
          message: describeFailure(event.failure),
          ...(event.failure.reason ? { reason: event.failure.reason } : {}),
          ...(event.failure.retryAt !== undefined ? { retryAt: event.failure.retryAt } : {}),
        },
        notice: withoutNextPromise(state.notice),
      };
    case "draft_changed": {
      // The labeler changed the answer: a passing notice ("Choose A, B, or a tie" after an
      // early Submit, "Submitted. Here is the next one.") is no longer news.
      const changed = !state.draftFresh && !sameDraft(state.draft, event.draft);
      return {
        ...state,
        draft: event.draft,
        draftFresh: false,
        notice: changed && state.notice?.clears === "change" ? null : state.notice,
      };
    }
    case "notice_expired":
      return state.notice === event.notice ? { ...state, notice: null } : state;
    case "lease_extended":
      return { ...state, expiresAt: new Date(event.expiresAt).getTime() };
    case "heartbeat_refused":
      // 409: another labeler has the slot, or the project was archived; 404: the lease is gone.
      // Anything else (an outage) is left to the next heartbeat.
      if (event.failure.status === 401) return signOut(state);
      return event.failure.status === 409 || event.failure.status === 404 ? lose(state, event.failure) : state;
    case "submit_not_ready":
      return state.draft.ready ? state : { ...state, notice: info(state.draft.hint) };
    case "submit_started":
      return { ...state, busy: true, notice: null, signedOut: false };
    case "submit_retrying":
      return {
        ...state,
        notice: {
          tone: "warning",
          text: `Submit did not get through; retrying (${event.attempt + 1})… Your work is kept.`,
        },
      };
    case "submitted":
      return { ...state, busy: false, doneHere: state.doneHere + 1, notice: info(SUBMITTED_NEXT) };
    case "submit_refused":
      if (event.failure.status === 401) return signOut(state);
      if (event.failure.status === 409) return lose(state, event.failure);
      return {
        ...state,
        busy: false,
        notice: {
          tone: "error",
          text: isOutage(event.failure)
            ? "The server cannot be reached. Your work is kept on this page: press Submit again in a moment."
            : `Not submitted: ${describeFailure(event.failure)}`,
        },
      };
    case "skip_started":
      return { ...state, busy: true, skipping: true, signedOut: false };
    case "skipped":
      return { ...state, busy: false, skipping: false, notice: info("Skipped. You will not see that task again.") };
    case "skip_refused":
      if (event.failure.status === 401) return signOut(state);
      if (event.failure.status === 409) return lose(state, event.failure);
      return {
        ...state,
        busy: false,
        skipping: false,
        notice: { tone: "error", text: `Could not skip: ${describeFailure(event.failure)}` },
      };
  }
}

export const currentTask = (state: SessionState) => (state.phase.kind === "task" ? state.phase : null);

/** What pressing Submit does now: nothing, tell the labeler what is missing, or send. */
export function submitAction(state: SessionState): "ignore" | "not_ready" | "send" {
  if (!currentTask(state) || state.busy || state.lost) return "ignore";
  return state.draft.ready ? "send" : "not_ready";
}

/** The line beside the Submit button. */
export function submitHint(state: SessionState): string {
  if (state.lost) {
    if (state.lost.state === "submitted") return "Submitting is off: this task was already submitted.";
    return state.lost.reason === "project_archived"
      ? "Submitting is off: the project was archived."
      : "Submitting is off: the task is no longer yours.";
  }
  if (state.signedOut) return "Sign in again to submit. Your work is kept.";
  return state.draft.ready ? "Ready to submit." : state.draft.hint;
}

/** Often enough that a lease never runs out while the page is open, at most once a minute. */
export const heartbeatEveryMs = (leaseSeconds: number) => Math.min(60_000, (leaseSeconds * 1000) / 3);

/** Whole seconds left on the lease, never negative. */
export const secondsLeft = (expiresAt: number, now: number) => Math.max(0, Math.floor((expiresAt - now) / 1000));
