import "server-only";
import type { Tx } from "@/lib/server/db/client";
import type { FeedbackSettings } from "@/lib/validation/feedback-settings";

/** A feedback event just stored, as routing reads it. */
export interface StoredFeedbackEvent {
  /** feedback_events.id */
  id: string;
  /** The sender's id (routing samples by it, so a re-send decides the same). */
  eventId: string;
  conversation: { role: string; content: string }[];
  response: string;
  thumb: boolean | null;
  score: number | null;
  edit: string | null;
  alternatives: { text: string; chosen: boolean }[] | null;
  model: string | null;
}

/**
 * Sends the events the project's routing rules take to review: an item in the rule's project,
 * linked from feedback_events.review_item_id. Called by ingest in the transaction that stored
 * the events (only events stored now, never duplicates). Issue 15, point 2.
 */
export async function routeFeedbackEvents(
  tx: Tx,
  input: { projectId: string; settings: FeedbackSettings; events: StoredFeedbackEvent[] },
): Promise<{ routed: number }> {
  void tx;
  void input;
  // Replaced by the routing work (branch i15-review).
  return { routed: 0 };
}
