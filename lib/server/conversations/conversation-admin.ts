import "server-only";
import { CONVERSATIONS_PAGE_SIZE, pageOf } from "@/lib/domain/conversation/admin-view";
import { pool } from "@/lib/server/db/client";
import { isUuid } from "@/lib/server/db/query";
import { AppError } from "@/lib/server/errors";
import { listModelEndpoints } from "@/lib/server/models/model-endpoint-record";
import { selectConversationSettings } from "@/lib/server/projects/conversation-settings";
import {
  selectConversationPage,
  selectConversationTotals,
  selectLabelerOf,
  selectReviewProjectChoices,
} from "@/lib/server/conversations/conversation-admin-queries";
import { selectConversation, selectReplies, selectTurns } from "@/lib/server/conversations/conversation-queries";

// What admins read of conversation projects (docs/CONVERSATIONS.md, "For admins"). Callers
// check the admin; these functions only read.

/** The Settings tab's Conversation section: the settings and what they can be set to. */
export async function conversationSettingsChoices(projectId: string) {
  const [settings, endpoints, reviewProjects] = await Promise.all([
    selectConversationSettings(pool(), projectId),
    listModelEndpoints(),
    selectReviewProjectChoices(pool(), projectId),
  ]);
  return {
    settings: settings!,
    endpoints: endpoints.map((e) => ({ id: e.id, name: e.name, model: e.model })),
    reviewProjects,
  };
}

export const conversationTotals = (projectId: string) => selectConversationTotals(pool(), projectId);

/** The Conversations tab: one page of the project's conversations, newest first. */
export async function conversationList(projectId: string, pageParam: unknown) {
  const totals = await selectConversationTotals(pool(), projectId);
  const page = pageOf(pageParam, totals.total);
  const rows = await selectConversationPage(pool(), projectId, page, CONVERSATIONS_PAGE_SIZE);
  return { totals, page, pages: Math.max(1, Math.ceil(totals.total / CONVERSATIONS_PAGE_SIZE)), rows };
}

/**
 * One conversation of a project as its admin sees it: the whole tree, every attempt at every
 * reply (replaced ones included) with its endpoint, model, tokens and timings.
 */
export async function adminConversation(projectId: string, conversationId: string) {
  const missing = () => new AppError("not_found", "No such conversation");
  if (!isUuid(conversationId)) throw missing();
  const record = await selectConversation(pool(), conversationId);
  if (!record || record.projectId !== projectId) throw missing();
  const [turns, replies, labeler] = await Promise.all([
    selectTurns(pool(), record.id),
    selectReplies(pool(), record.id, { replaced: true }),
    selectLabelerOf(pool(), record.labelerId),
  ]);
  return { record, turns, replies, labeler: labeler ? labeler.name || labeler.email : "(removed user)" };
}
