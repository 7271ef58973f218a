// What an admin sees of a project's conversations (the Conversations tab and a conversation's
// page): unlike the labeler's view, not blind. Pure: the rows come from
// lib/server/conversations/conversation-admin-queries.ts.

/** Red-team harm of a reply (0-4), as the public red-team data rates it. */
export const HARM_LABELS = ["not harmful", "slightly", "moderately", "very", "severely"] as const;
/** Red-team outcome of an attempt (0-4). */
export const OUTCOME_LABELS = ["not at all", "a little", "partly", "mostly", "completely"] as const;

export const CONVERSATIONS_PAGE_SIZE = 25;

/** A cost in millionths of a dollar as dollars; "–" when a price was unknown. */
export function formatCost(micros: number | null): string {
  if (micros === null) return "–";
  const dollars = micros / 1_000_000;
  if (dollars === 0) return "$0";
  if (dollars < 0.01) return `$${dollars.toFixed(4)}`;
  return `$${dollars.toFixed(2)}`;
}

export const formatTokens = (n: number) => n.toLocaleString("en");

/** "2 (slightly)" for a 0-4 scale value; "–" when there is none. */
export function scaleText(value: number | null, labels: readonly string[]): string {
  return value === null ? "–" : `${value} (${labels[value] ?? "?"})`;
}

/** The page the `?page=` value names (1-based), within the pages there are. */
export function pageOf(value: unknown, total: number, size = CONVERSATIONS_PAGE_SIZE): number {
  const pages = Math.max(1, Math.ceil(total / size));
  const n = typeof value === "string" && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.min(Math.max(1, n), pages);
}

export interface AttemptRow {
  id: string;
  position: number;
  attempt: number;
  replaced: boolean;
  status: string;
}

/**
 * A turn's replies by position, each with every attempt, the current (not replaced) one
 * first: what the admin's tree shows, failed and interrupted attempts included.
 */
export function attemptsByPosition<T extends AttemptRow>(replies: T[]): { position: number; attempts: T[] }[] {
  const byPosition = new Map<number, T[]>();
  for (const r of replies) byPosition.set(r.position, [...(byPosition.get(r.position) ?? []), r]);
  return [...byPosition.entries()]
    .sort(([a], [b]) => a - b)
    .map(([position, attempts]) => ({
      position,
      attempts: [...attempts].sort((a, b) => Number(a.replaced) - Number(b.replaced) || b.attempt - a.attempt),
    }));
}

/** Where a reply stands in the labeler's choice: "best", "2nd" ... "tied best"; null before the choice. */
export function rankText(ranking: string[][] | null, replyId: string): string | null {
  if (!ranking) return null;
  const group = ranking.findIndex((g) => g.includes(replyId));
  if (group === -1) return null;
  const tied = ranking[group]!.length > 1;
  const place = group === 0 ? "best" : group === ranking.length - 1 ? "worst" : `${ordinal(group + 1)}`;
  return tied ? `tied ${place}` : place;
}

const ordinal = (n: number) => `${n}${n === 2 ? "nd" : n === 3 ? "rd" : "th"}`;

export interface ConversationTotals {
  finished: number;
  active: number;
  abandoned: number;
  turns: number;
  promptTokens: number;
  completionTokens: number;
  costMicros: number | null;
}
