// What the draft line of a task says, and what a failed draft save means. Pure, so the
// words are unit-tested: "Draft restored" only when a draft was restored, and an expired
// session reads as one, never as "server unreachable".
import { describeFailure, retryDelayMs, type Failure } from "./failures";

export const SAVE_EVERY_MS = 3000;
/** A signed-out save is not tried on every tick; signing in again in another tab is slow. */
const SIGNED_OUT_RETRY_MS = 30_000;

export type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  | { kind: "local"; at: Date }
  | { kind: "refused"; message: string }
  | { kind: "signed_out" };

/**
 * After a failed save: what to show, and when to send again (null: not until the next edit).
 * The page's one rule for what is worth sending again (failures.ts); the save ticks are this
 * request's retry loop, so only the first backoff step applies.
 */
export function afterFailedSave(failure: Failure, now: Date): { save: SaveState; retryInMs: number | null } {
  if (failure.status === 401) return { save: { kind: "signed_out" }, retryInMs: SIGNED_OUT_RETRY_MS };
  const delay = retryDelayMs(failure, 0);
  if (delay !== null) return { save: { kind: "local", at: now }, retryInMs: delay };
  return { save: { kind: "refused", message: describeFailure(failure) }, retryInMs: null };
}

/** The draft line: `restored` is true only while a restored draft is untouched. */
export function draftSaveLabel(save: SaveState, restored: boolean): string {
  switch (save.kind) {
    case "saving":
      return "Saving…";
    case "saved":
      return `Draft saved ${save.at.toLocaleTimeString()}`;
    case "local":
      return "Server unreachable: kept in this browser, retrying";
    case "refused":
      return `Not saved: ${save.message}`;
    case "signed_out":
      return "You were signed out: kept in this browser";
    case "idle":
      return restored ? "Draft restored" : "Drafts save automatically";
  }
}
