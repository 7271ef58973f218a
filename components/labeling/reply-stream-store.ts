// The text of the replies being streamed, outside React state: a delta appends to one reply
// and wakes only that reply's text (useSyncExternalStore), so the thread and the other cards
// do not re-render per token (issue 14: no long task while two replies stream).
import { useSyncExternalStore } from "react";
import type { ReplyStateView, ReplyStatus } from "@/lib/domain/conversation/view";

export interface LiveReply {
  text: string;
  status: ReplyStatus;
  error: string | null;
}

export class ReplyStreamStore {
  private replies = new Map<string, LiveReply>();
  private listeners = new Map<string, Set<() => void>>();

  /** The replies as the server last described them (a snapshot, a reply's end, a reload). */
  reset(replies: ReplyStateView[]) {
    for (const r of replies) this.put(r.id, { text: r.text, status: r.status, error: r.error });
  }

  append(id: string, text: string) {
    const current = this.replies.get(id) ?? { text: "", status: "streaming" as const, error: null };
    this.put(id, { ...current, text: current.text + text, status: "streaming" });
  }

  get(id: string): LiveReply | undefined {
    return this.replies.get(id);
  }

  subscribe(id: string, listener: () => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private put(id: string, reply: LiveReply) {
    const old = this.replies.get(id);
    if (old && old.text === reply.text && old.status === reply.status && old.error === reply.error) return;
    this.replies.set(id, reply);
    for (const listener of this.listeners.get(id) ?? []) listener();
  }
}

/** One reply as it streams; `fallback` (the view's) until the store knows it. */
export function useLiveReply(store: ReplyStreamStore, reply: ReplyStateView): LiveReply {
  const live = useSyncExternalStore(
    (listener) => store.subscribe(reply.id, listener),
    () => store.get(reply.id),
    () => undefined,
  );
  return live ?? { text: reply.text, status: reply.status, error: reply.error };
}
