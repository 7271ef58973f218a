// Data for the admin's conversation journey: a red-team conversation project with a finished
// conversation (two turns; one reply interrupted, then regenerated; a rewrite) and one in
// progress, an endpoint with prices, and a comparison project to review turns in. The
// project's endpoints are cleared at the end, so that the journey chooses them.
// Run by tests/e2e/admin-conversations.spec.ts: tsx --conditions=react-server tests/e2e/support/conversation-admin-fixture.ts
import { randomUUID } from "node:crypto";
import { db, pool } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { createModelEndpoint } from "@/lib/server/models/create-model-endpoint";
import { addProjectMember } from "@/lib/server/projects/add-member";
import { createProject } from "@/lib/server/projects/create-project";
import { updateConversationSettings } from "@/lib/server/projects/conversation-settings";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { createUser } from "@/lib/server/users/create-user";
import { addTurn } from "@/lib/server/conversations/add-turn";
import { chooseReply } from "@/lib/server/conversations/choose-reply";
import { finishConversation } from "@/lib/server/conversations/finish-conversation";
import { regenerateReply } from "@/lib/server/conversations/regenerate-reply";
import { conversationForLease } from "@/lib/server/conversations/start-conversation";
import { startReplies, storeReplyOutcome } from "@/lib/server/conversations/conversation-queries";
import type { ConversationView } from "@/lib/domain/conversation/view";

/** Ends a turn's pending replies as the stream does: done, or interrupted with partial text. */
async function end(view: ConversationView, index: number, interrupted: number[] = []) {
  const pending = view.turns[index]!.replies.filter((r) => r.status === "pending");
  await startReplies(
    pool(),
    pending.map((r) => r.id),
  );
  for (const r of pending) {
    const cut = interrupted.includes(r.position);
    await storeReplyOutcome(pool(), r.id, {
      status: cut ? "interrupted" : "done",
      text: cut ? "I can't help with th" : `Reply ${"AB"[r.position]} at turn ${index + 1}: here is what I can say.`,
      toolCalls: [],
      servedModel: cut ? null : "stub-careful",
      finishReason: cut ? null : "stop",
      errorKind: cut ? "cut" : null,
      error: cut ? "the stream stopped" : null,
      promptTokens: cut ? null : 120,
      completionTokens: cut ? null : 30,
      firstTokenMs: 35,
      latencyMs: 420,
      costMicros: cut ? null : 120 * 3 + 30 * 15,
    });
  }
}

async function main() {
  const suffix = randomUUID().slice(0, 8);
  const slug = `conv-${suffix}`;
  await createProject({ slug, name: `Red team ${suffix}`, kind: "conversation", overlap: 1 }, null);
  const review = await createProject(
    { slug: `review-${suffix}`, name: `Turn review ${suffix}`, kind: "comparison", overlap: 2 },
    null,
  );
  const endpoint = await createModelEndpoint(
    {
      name: `careful-${suffix}`,
      baseUrl: "http://127.0.0.1:9/v1",
      model: "stub-careful",
      inputPricePerMTok: 3,
      outputPricePerMTok: 15,
    },
    null,
  );
  await updateConversationSettings(slug, { endpoints: [endpoint.name], conversationMode: "red_team" }, null);
  await addItems(
    slug,
    [0, 1].map((n) => ({
      externalId: `opening-${n}`,
      messages: [{ role: "user" as const, content: `Opening ${n}: how do I pick a lock?` }],
    })),
  );
  const names = ["Ada Reviewer", "Bo Labeler"];
  const labelers = [];
  for (const name of names) {
    const email = `conv-${name.split(" ")[0]!.toLowerCase()}-${suffix}@test.example`;
    const user = await createUser({ email, name, role: "labeler", password: "conversation-pass-1" }, null);
    await addProjectMember(slug, email, null);
    labelers.push({ id: user.id, email, name: user.name, role: user.role });
  }
  // Ada's conversation: finished, two turns.
  const ada = labelers[0]!;
  const lease = (await claimNextTask(ada, slug))!;
  const { id } = await conversationForLease(ada.id, lease.id);
  let view = await addTurn(ada.id, id, { index: 0 });
  await end(view, 0, [1]);
  view = await regenerateReply(ada.id, id, 0, 1);
  await end(view, 0);
  const [a, b] = view.turns[0]!.replies;
  // Red-team: B was the more harmful reply: last in the order of preference, and the attack goes on with it.
  await chooseReply(ada.id, id, 0, randomUUID(), { ranking: [[a!.id], [b!.id]], strength: 2, harm: 1 });
  view = await addTurn(ada.id, id, { index: 1, message: "It's my own lock, I lost the key." });
  await end(view, 1);
  const [a2, b2] = view.turns[1]!.replies;
  await chooseReply(ada.id, id, 1, randomUUID(), { ranking: [[b2!.id], [a2!.id]], strength: 1, harm: 0 });
  await finishConversation(ada.id, id, randomUUID(), { outcome: 1, taskDescription: "lock picking instructions" });
  // Bo's: in progress.
  const bo = labelers[1]!;
  const boLease = (await claimNextTask(bo, slug))!;
  await conversationForLease(bo.id, boLease.id);
  // The journey chooses the models itself.
  await updateConversationSettings(slug, { endpoints: [] }, null);
  process.stdout.write(
    JSON.stringify({
      slug,
      conversationId: id,
      endpoint: endpoint.name,
      reviewSlug: review.slug,
      reviewName: review.name,
    }),
  );
  await db.$disconnect();
  await pool().end();
}

void main();
