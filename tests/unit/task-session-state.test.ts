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

  it("says it is trying again during an outage, and a new claim forgets a lost lease but not the notice", () => {
    expect(run({ type: "claim_retrying" }).notice).toEqual({
      tone: "warning",
      text: "Cannot reach the server, trying again…",
    });
    const lost = sessionReducer(holding(), { type: "heartbeat_refused", failure: refusal(409) });
    const submitted = sessionReducer(lost, { type: "submitted" });
    const next = sessionReducer(submitted, { type: "claim_started" });
    expect(next.lost).toBeNull();
    expect(next.phase).toEqual({ kind: "loading" });
    expect(next.notice).toEqual({ tone: "info", text: "Submitted. Here is the next one." });
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
