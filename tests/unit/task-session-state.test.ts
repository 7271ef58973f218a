import { describe, expect, it } from "vitest";
import {
  currentTask,
  heartbeatEveryMs,
  initialSession,
  secondsLeft,
  sessionReducer,
  submitAction,
  submitHint,
  type SessionEvent,
  type SessionState,
} from "@/components/labeling/task-session-state";
import type { TaskView } from "@/components/labeling/types";

const task = (id: string) => ({ id, expiresAt: "2026-12-01T12:10:00.000Z" }) as unknown as TaskView;
const run = (...events: SessionEvent[]) => events.reduce(sessionReducer, initialSession);
const holding = (id = "lease-1") => run({ type: "claimed", task: task(id), at: 1000 });
const ready = (state: SessionState) =>
  sessionReducer(state, { type: "draft_changed", draft: { ready: true, body: { text: "An answer." } } });
const refusal = (status: number, reason?: string, message = `answered ${status}`) => ({ status, message, reason });

describe("task session: claiming", () => {
  it("starts loading, and a claimed task is on screen with its lease's end", () => {
    expect(initialSession.phase).toEqual({ kind: "loading" });
    const state = holding();
    expect(currentTask(state)).toEqual({ kind: "task", task: task("lease-1"), startedAt: 1000 });
    expect(state.expiresAt).toBe(Date.parse("2026-12-01T12:10:00.000Z"));
  });

  it("an empty queue and a refused claim each have their own screen", () => {
    expect(run({ type: "queue_empty" }).phase).toEqual({ kind: "empty" });
    const blocked = run({
      type: "claim_refused",
      failure: { status: 403, message: "Forbidden", problems: ["not a member of this project"] },
    });
    expect(blocked.phase).toEqual({ kind: "blocked", message: "not a member of this project" });
  });

  it("promises no next task when none comes: an empty queue or a notice (a failed qualification) after a submit", () => {
    const submitted = sessionReducer(sessionReducer(holding(), { type: "submitted" }), { type: "claim_started" });
    expect(sessionReducer(submitted, { type: "queue_empty" }).notice?.text).toBe("Submitted.");
    const failed = sessionReducer(submitted, {
      type: "claim_refused",
      failure: { status: 409, message: "You did not pass this project's qualification." },
    });
    expect(failed.notice?.text).toBe("Submitted.");
    expect(failed.phase).toEqual({ kind: "blocked", message: "You did not pass this project's qualification." });
    // The server's reason and the end of the waiting period reach the page.
    const waiting = sessionReducer(submitted, {
      type: "claim_refused",
      failure: { status: 409, message: "You did not pass.", reason: "not_qualified", retryAt: 1_800_000_000_000 },
    });
    expect(waiting.phase).toEqual({
      kind: "blocked",
      message: "You did not pass.",
      reason: "not_qualified",
      retryAt: 1_800_000_000_000,
    });
    // Another notice stays as it is.
    const retrying = run({ type: "claim_retrying" }, { type: "queue_empty" });
    expect(retrying.notice?.text).toBe("Cannot reach the server, trying again…");
  });

  it("says it is trying again during an outage, and a new claim forgets a lost lease but not the notice", () => {
    expect(run({ type: "claim_retrying" }).notice).toEqual({
      tone: "warning",
      text: "Cannot reach the server, trying again…",
      clears: "claim",
    });
    const lost = sessionReducer(holding(), { type: "heartbeat_refused", failure: refusal(409) });
    const submitted = sessionReducer(lost, { type: "submitted" });
    const next = sessionReducer(submitted, { type: "claim_started" });
    expect(next.lost).toBeNull();
    expect(next.phase).toEqual({ kind: "loading" });
    expect(next.notice).toEqual({ tone: "info", text: "Submitted. Here is the next one.", clears: "change" });
  });
});

describe("task session: submitting", () => {
  it("ignores Submit with no task, while busy, or once the lease is lost", () => {
    expect(submitAction(ready(initialSession))).toBe("ignore");
    expect(submitAction(sessionReducer(ready(holding()), { type: "submit_started" }))).toBe("ignore");
    expect(submitAction(sessionReducer(ready(holding()), { type: "submit_refused", failure: refusal(409) }))).toBe(
      "ignore",
    );
  });

  it("tells what is missing instead of sending an answer that is not ready", () => {
    const state = sessionReducer(holding(), {
      type: "draft_changed",
      draft: { ready: false, hint: "Choose A, B, or a tie" },
    });
    expect(submitAction(state)).toBe("not_ready");
    expect(sessionReducer(state, { type: "submit_not_ready" }).notice).toEqual({
      tone: "info",
      text: "Choose A, B, or a tie",
      clears: "change",
    });
    expect(submitHint(state)).toBe("Choose A, B, or a tie");
    expect(submitAction(ready(state))).toBe("send");
    expect(submitHint(ready(state))).toBe("Ready to submit.");
  });

  it("is busy while sending, counts a stored answer and frees the page", () => {
    const sending = sessionReducer(ready(holding()), { type: "submit_started" });
    expect(sending).toMatchObject({ busy: true, notice: null });
    expect(sessionReducer(sending, { type: "submit_retrying", attempt: 1 }).notice).toEqual({
      tone: "warning",
      text: "Submit did not get through; retrying (2)… Your work is kept.",
    });
    const done = sessionReducer(sending, { type: "submitted" });
    expect(done).toMatchObject({ busy: false, doneHere: 1 });
  });

  it("shows a refusal as the server's words, and an outage that outlasted the retries as one", () => {
    const sending = sessionReducer(ready(holding()), { type: "submit_started" });
    const refused = sessionReducer(sending, {
      type: "submit_refused",
      failure: { status: 400, message: "Invalid request body", problems: ["rewrite.text: the rewrite is empty"] },
    });
    expect(refused.notice).toEqual({ tone: "error", text: "Not submitted: rewrite.text: the rewrite is empty" });
    expect(refused.busy).toBe(false);
    expect(refused.lost).toBeNull();
    const away = sessionReducer(sending, { type: "submit_refused", failure: refusal(503) });
    expect(away.notice?.text).toBe(
      "The server cannot be reached. Your work is kept on this page: press Submit again in a moment.",
    );
  });

  it("a 409 on submit means the lease is lost, and the project's archive gets its own words", () => {
    const sending = sessionReducer(ready(holding()), { type: "submit_started" });
    const lost = sessionReducer(sending, { type: "submit_refused", failure: refusal(409, "lease_expired") });
    expect(lost).toMatchObject({ busy: false, lost: { reason: "lease_expired" } });
    expect(submitHint(lost)).toBe("Submitting is off: the task is no longer yours.");
    const archived = sessionReducer(sending, { type: "submit_refused", failure: refusal(409, "project_archived") });
    expect(submitHint(archived)).toBe("Submitting is off: the project was archived.");
  });
});

describe("task session: skipping and the lease", () => {
  it("a skip is busy until answered; a refused skip says why, a 409 loses the lease", () => {
    const skipping = sessionReducer(holding(), { type: "skip_started" });
    expect(skipping.busy).toBe(true);
    expect(sessionReducer(skipping, { type: "skipped" })).toMatchObject({
      busy: false,
      notice: { tone: "info", text: "Skipped. You will not see that task again." },
    });
    expect(sessionReducer(skipping, { type: "skip_refused", failure: refusal(500, undefined, "Boom") })).toMatchObject({
      busy: false,
      lost: null,
      notice: { tone: "error", text: "Could not skip: Boom" },
    });
    expect(sessionReducer(skipping, { type: "skip_refused", failure: refusal(409, "project_archived") }).lost).toEqual({
      reason: "project_archived",
    });
  });

  it("a heartbeat moves the lease's end; a 409 or 404 loses the lease; an outage changes nothing", () => {
    const state = holding();
    expect(sessionReducer(state, { type: "lease_extended", expiresAt: "2026-12-01T12:20:00.000Z" }).expiresAt).toBe(
      Date.parse("2026-12-01T12:20:00.000Z"),
    );
    expect(sessionReducer(state, { type: "heartbeat_refused", failure: refusal(404) }).lost).toEqual({});
    expect(
      sessionReducer(state, { type: "heartbeat_refused", failure: refusal(409, "project_archived") }).lost,
    ).toEqual({ reason: "project_archived" });
    expect(sessionReducer(state, { type: "heartbeat_refused", failure: refusal(503) })).toBe(state);
  });

  it("beats three times per lease, at most once a minute, and counts down whole seconds to zero", () => {
    expect(heartbeatEveryMs(60)).toBe(20_000);
    expect(heartbeatEveryMs(3600)).toBe(60_000);
    expect(secondsLeft(10_999, 0)).toBe(10);
    expect(secondsLeft(1000, 5000)).toBe(0);
  });
});

describe("task session: notices that tell the truth", () => {
  const notReady = { ready: false as const, hint: "Choose A, B, or a tie" };
  const strengthMissing = { ready: false as const, hint: "Say how much better" };
  const shown = (state: SessionState) => sessionReducer(state, { type: "draft_changed", draft: notReady });

  it("a 'what is missing' notice goes once the labeler changes the answer, not before", () => {
    const asked = sessionReducer(shown(holding()), { type: "submit_not_ready" });
    expect(asked.notice?.text).toBe("Choose A, B, or a tie");
    // The same draft reported again (a re-render) is no change.
    expect(sessionReducer(asked, { type: "draft_changed", draft: notReady }).notice?.text).toBe(
      "Choose A, B, or a tie",
    );
    const changed = sessionReducer(asked, { type: "draft_changed", draft: strengthMissing });
    expect(changed.notice).toBeNull();
    expect(submitHint(ready(changed))).toBe("Ready to submit.");
  });

  it("'Submitted' stays while the next task appears and goes when the labeler starts on it", () => {
    const submitted = sessionReducer(ready(holding()), { type: "submitted" });
    const next = run(
      ...([
        { type: "claimed", task: task("lease-1"), at: 1000 },
        { type: "draft_changed", draft: { ready: true, body: { text: "An answer." } } },
      ] as SessionEvent[]),
    );
    expect(next.notice).toBeNull();
    const loading = sessionReducer(submitted, { type: "claim_started" });
    const onScreen = sessionReducer(loading, { type: "claimed", task: task("lease-2"), at: 2000 });
    // The new task's first draft is its starting point, not the labeler's doing.
    const first = sessionReducer(onScreen, { type: "draft_changed", draft: notReady });
    expect(first.notice?.text).toBe("Submitted. Here is the next one.");
    expect(sessionReducer(first, { type: "draft_changed", draft: strengthMissing }).notice).toBeNull();
  });

  it("a passing notice expires; an expiry of an older notice leaves a newer one", () => {
    const submitted = sessionReducer(ready(holding()), { type: "submitted" });
    expect(sessionReducer(submitted, { type: "notice_expired", notice: submitted.notice }).notice).toBeNull();
    const refused = sessionReducer(submitted, { type: "submit_refused", failure: refusal(500, undefined, "Boom") });
    expect(sessionReducer(refused, { type: "notice_expired", notice: submitted.notice }).notice).toEqual(
      refused.notice,
    );
    expect(refused.notice?.clears).toBeUndefined();
  });

  it("'Cannot reach the server, trying again…' goes once the claim gets through", () => {
    const retrying = run({ type: "claim_retrying" });
    expect(sessionReducer(retrying, { type: "claimed", task: task("lease-1"), at: 1 }).notice).toBeNull();
  });

  it("a 401 says the labeler was signed out, keeps the task on screen and never reads as an outage", () => {
    for (const event of [
      { type: "submit_refused", failure: refusal(401, undefined, "Sign in or send a bearer token") },
      { type: "skip_refused", failure: refusal(401, undefined, "Sign in or send a bearer token") },
      { type: "heartbeat_refused", failure: refusal(401, undefined, "Sign in or send a bearer token") },
    ] as SessionEvent[]) {
      const started = sessionReducer(ready(holding()), {
        type: event.type === "skip_refused" ? "skip_started" : "submit_started",
      });
      const state = sessionReducer(started, event);
      expect(state.signedOut).toBe(true);
      expect(state.busy).toBe(false);
      expect(state.skipping).toBe(false);
      expect(state.lost).toBeNull();
      expect(state.notice).toBeNull();
      expect(currentTask(state)?.task.id).toBe("lease-1");
      expect(submitHint(state)).toBe("Sign in again to submit. Your work is kept.");
      // Submitting again (after signing in elsewhere) is allowed and clears it.
      expect(submitAction(state)).toBe("send");
      expect(sessionReducer(state, { type: "submit_started" }).signedOut).toBe(false);
    }
    const claim = run({ type: "claim_refused", failure: refusal(401, undefined, "Sign in or send a bearer token") });
    expect(claim.signedOut).toBe(true);
    expect(claim.phase).toEqual({ kind: "blocked", message: "You were signed out." });
  });

  it("a task already submitted in another tab says exactly that", () => {
    const state = sessionReducer(ready(holding()), {
      type: "submit_refused",
      failure: { ...refusal(409, "lease_lost", "This task was already submitted"), leaseState: "submitted" },
    });
    expect(state.lost).toEqual({ reason: "lease_lost", state: "submitted" });
    expect(submitHint(state)).toBe("Submitting is off: this task was already submitted.");
    const expired = sessionReducer(ready(holding()), {
      type: "heartbeat_refused",
      failure: refusal(409, "lease_lost"),
    });
    expect(submitHint(expired)).toBe("Submitting is off: the task is no longer yours.");
  });

  it("a skip on its way is a skip, not a submit", () => {
    const skipping = sessionReducer(ready(holding()), { type: "skip_started" });
    expect(skipping).toMatchObject({ busy: true, skipping: true });
    expect(sessionReducer(skipping, { type: "skipped" })).toMatchObject({ busy: false, skipping: false });
    expect(sessionReducer(ready(holding()), { type: "submit_started" }).skipping).toBe(false);
  });

  it("time spent in earlier visits counts: the clock resumes after a reload", () => {
    const reloaded = { ...task("lease-1"), timeSpentMs: 45_000 } as TaskView;
    const state = sessionReducer(initialSession, { type: "claimed", task: reloaded, at: 100_000 });
    expect(currentTask(state)?.startedAt).toBe(55_000);
    expect(currentTask(holding())?.startedAt).toBe(1000);
  });
});
