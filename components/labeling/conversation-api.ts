// The browser's side of the conversation API (docs/API.md, "Conversations"). Every call
// resolves (never throws), as api.ts's do.
import type { ConversationView } from "@/lib/domain/conversation/view";
import type { ChoiceBody, FinishBody, TurnBody } from "@/lib/validation/conversations";
import { call } from "./api";

type Answer = { conversation: ConversationView };
const post = (url: string, body?: unknown, key?: string) =>
  call<Answer>(url, {
    method: "POST",
    ...(key ? { headers: { "Idempotency-Key": key } } : {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const conversationUrl = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

export const openLeaseConversation = (leaseId: string) =>
  post(`/api/tasks/${encodeURIComponent(leaseId)}/conversation`);
export const startOwnConversation = (slug: string) => post(`/api/projects/${encodeURIComponent(slug)}/conversations`);
export const getConversation = (id: string) => call<Answer>(conversationUrl(id), { method: "GET" });
export const addTurn = (id: string, body: TurnBody) => post(`${conversationUrl(id)}/turns`, body);
export const chooseReply = (id: string, turn: number, key: string, body: ChoiceBody) =>
  post(`${conversationUrl(id)}/turns/${turn}/choice`, body, key);
export const regenerateReply = (id: string, turn: number, position: number) =>
  post(`${conversationUrl(id)}/turns/${turn}/replies/${position}/regenerate`);
export const finishConversation = (id: string, key: string, body: FinishBody) =>
  post(`${conversationUrl(id)}/finish`, body, key);
export const streamUrl = (id: string, turn: number) => `${conversationUrl(id)}/turns/${turn}/stream`;

/**
 * An Idempotency-Key per action (a turn's choice, the finish), made once and kept in this
 * browser until the action succeeded: a retry, even after a reload, sends the same key.
 */
export function actionKey(name: string): string {
  const slot = `rlhf:conversation-key:${name}`;
  let key = window.localStorage.getItem(slot);
  if (!key) {
    key = crypto.randomUUID();
    window.localStorage.setItem(slot, key);
  }
  return key;
}
export const forgetActionKey = (name: string) => window.localStorage.removeItem(`rlhf:conversation-key:${name}`);
