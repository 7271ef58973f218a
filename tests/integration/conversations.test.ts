// The conversation API's server code against a real PostgreSQL (docs/CONVERSATIONS.md). Replies
// are completed here the way stream-replies.ts completes them (startReplies, then
// storeReplyOutcome), so everything but the streaming itself is covered without an endpoint.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import type { ConversationView } from "@/lib/domain/conversation/view";
import { addItems } from "@/lib/server/items/add-items";
import { createProject } from "@/lib/server/projects/create-project";
import { updateConversationSettings } from "@/lib/server/projects/conversation-settings";
import { createModelEndpoint } from "@/lib/server/models/create-model-endpoint";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { removeProjectMember } from "@/lib/server/queue/remove-member";
import { setProjectStatus } from "@/lib/server/queue/project-status";
import { conversationForLease, startOwnConversation } from "@/lib/server/conversations/start-conversation";
import { addTurn } from "@/lib/server/conversations/add-turn";
import { chooseReply } from "@/lib/server/conversations/choose-reply";
import { regenerateReply, MAX_ATTEMPTS } from "@/lib/server/conversations/regenerate-reply";
import { finishConversation } from "@/lib/server/conversations/finish-conversation";
import { loadConversation } from "@/lib/server/conversations/conversation-state";
import { startReplies, storeReplyOutcome, type ReplyOutcome } from "@/lib/server/conversations/conversation-queries";
import { adminConversation, conversationList } from "@/lib/server/conversations/conversation-admin";
import { projectAgreement } from "@/lib/server/agreement/project-agreement";
import { streamTurn } from "@/lib/server/conversations/stream-replies";
import { MODE_GUIDELINES } from "@/lib/domain/conversation/mode-guidelines";
import { startOpenAIStub, type OpenAIStub } from "../../scripts/openai-stub/stub-server";
import { makeMember, makeUser, uniqueSuffix } from "../support/factories";

afterAll(() => db.$disconnect());

async function conversationProject(settings: Parameters<typeof updateConversationSettings>[1] = {}) {
  const admin = await makeUser("admin");
  const project = await createProject({ slug: `c-${uniqueSuffix()}`, kind: "conversation", overlap: 1 }, admin.id);
  const endpoint = await createModelEndpoint(
    {
      name: `ep-${uniqueSuffix()}`,
      baseUrl: "http://127.0.0.1:9/v1",
      model: "stub-model",
      inputPricePerMTok: 2,
      outputPricePerMTok: 10,
    },
    admin.id,
  );
  await updateConversationSettings(project.slug, { endpoints: [endpoint.name], ...settings }, admin.id);
  return { project, endpoint, admin };
}

async function openings(slug: string, n: number) {
  const prefix = `open-${uniqueSuffix()}`;
  await addItems(
    slug,
    Array.from({ length: n }, (_, i) => ({
      externalId: `${prefix}-${i}`,
      messages: [{ role: "user" as const, content: `Opening ${i}: help me plan a trip.` }],
      completions: [],
    })),
  );
}

/** A labeler with a conversation started from a lease on an opening. */
async function started(slug: string) {
  const labeler = await makeMember(slug);
  const task = await claimNextTask(labeler, slug);
  expect(task).not.toBeNull();
  const conversation = await conversationForLease(labeler.id, task!.id);
  return { labeler, leaseId: task!.id, conversation };
}

const done = (text: string, over: Partial<ReplyOutcome> = {}): ReplyOutcome => ({
  status: "done",
  text,
  toolCalls: [],
  servedModel: "stub-model",
  finishReason: "stop",
  errorKind: null,
  error: null,
  promptTokens: 100,
  completionTokens: 20,
  firstTokenMs: 5,
  latencyMs: 40,
  costMicros: 100 * 2 + 20 * 10,
  ...over,
});

/** Ends the current replies of the turn as stream-replies.ts does; `outcomes` by position. */
async function endReplies(
  view: ConversationView,
  index: number,
  outcomes: ((p: number) => ReplyOutcome) | null = null,
) {
  const turn = view.turns.find((t) => t.index === index)!;
  const pending = turn.replies.filter((r) => r.status === "pending");
  await startReplies(
    pool(),
    pending.map((r) => r.id),
  );
  for (const r of pending) {
    await storeReplyOutcome(
      pool(),
      r.id,
      outcomes ? outcomes(r.position) : done(`reply ${r.position} of turn ${index}`),
    );
  }
}

async function refused(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const viewOf = async (labelerId: string, id: string) => {
  const { viewOf: view } = await import("@/lib/server/conversations/conversation-state");
  return view(await loadConversation(pool(), labelerId, id));
};

/** Turn `index` sent, replies completed, the first reply chosen. */
async function turnChosen(labelerId: string, id: string, index: number, message?: string) {
  const view = await addTurn(labelerId, id, message === undefined ? { index } : { index, message });
  await endReplies(view, index);
  const turn = (await viewOf(labelerId, id)).turns[index]!;
  const [a, b] = turn.replies;
  return chooseReply(labelerId, id, index, randomUUID(), { ranking: [[a!.id], [b!.id]], strength: 2 });
}

describe("modes and their guidelines", () => {
  const versions = async (projectId: string) =>
    (await db.guidelineVersion.findMany({ where: { projectId }, orderBy: { version: "asc" } })).map((g) => g.body);

  it("a new conversation project starts with the helpfulness guidelines; a mode change swaps them until the admin writes their own", async () => {
    const admin = await makeUser("admin");
    const project = await createProject({ slug: `m-${uniqueSuffix()}`, kind: "conversation", overlap: 1 }, admin.id);
    expect(await versions(project.id)).toEqual([MODE_GUIDELINES.helpfulness]);
    await updateConversationSettings(project.slug, { conversationMode: "red_team" }, admin.id);
    expect(await versions(project.id)).toEqual([MODE_GUIDELINES.helpfulness, MODE_GUIDELINES.red_team]);
    expect((await db.project.findUniqueOrThrow({ where: { id: project.id } })).guidelineVersion).toBe(2);
    // The admin's own guidelines are never replaced.
    const own = await createProject(
      { slug: `m-${uniqueSuffix()}`, kind: "conversation", overlap: 1, guidelines: "# Ours" },
      admin.id,
    );
    await updateConversationSettings(own.slug, { conversationMode: "red_team" }, admin.id);
    expect(await versions(own.id)).toEqual(["# Ours"]);
  });
});

describe("starting a conversation", () => {
  it("from a lease is idempotent: the same conversation on every call", async () => {
    const { project } = await conversationProject();
    await openings(project.slug, 1);
    const { labeler, leaseId, conversation } = await started(project.slug);
    expect(conversation).toMatchObject({
      status: "active",
      turns: [],
      step: { kind: "input", input: { kind: "none" } },
    });
    const again = await conversationForLease(labeler.id, leaseId);
    expect(again.id).toBe(conversation.id);
    expect(await db.conversation.count({ where: { leaseId } })).toBe(1);
    // Someone else's lease is not found.
    const other = await makeMember(project.slug);
    expect((await refused(conversationForLease(other.id, leaseId))).code).toBe("not_found");
  });

  it("an own opening: refused when not allowed, with a task in hand, or when paused", async () => {
    const { project, admin } = await conversationProject();
    const labeler = await makeMember(project.slug);
    await updateConversationSettings(project.slug, { ownOpenings: false }, admin.id);
    const notAllowed = await refused(startOwnConversation(labeler.id, project.slug));
    expect([notAllowed.code, notAllowed.message]).toEqual([
      "forbidden",
      "In this project, conversations start from the project's openings only",
    ]);
    await updateConversationSettings(project.slug, { ownOpenings: true }, admin.id);
    const own = await startOwnConversation(labeler.id, project.slug);
    expect(own).toMatchObject({ opening: [], step: { kind: "input", input: { kind: "message" } } });
    const item = await db.item.findFirstOrThrow({ where: { conversations: { some: { id: own.id } } } });
    expect([item.status, item.metadata]).toEqual(["done", { source: "labeler" }]);
    const busy = await refused(startOwnConversation(labeler.id, project.slug));
    expect([busy.code, (busy.details as { reason: string }).reason]).toEqual(["conflict", "task_in_hand"]);
    await setProjectStatus(project.slug, "paused", admin.id);
    const other = await makeMember(project.slug);
    const paused = await refused(startOwnConversation(other.id, project.slug));
    expect([paused.code, (paused.details as { reason: string }).reason]).toEqual(["conflict", "project_closed"]);
    // Not a member: looks like no project.
    const stranger = await makeUser();
    expect((await refused(startOwnConversation(stranger.id, project.slug))).code).toBe("not_found");
  });
});

describe("turns", () => {
  it("refuses a wrong index, a second message before the choice, and turns past the maximum", async () => {
    const { project } = await conversationProject({ maxTurns: 2, minTurns: 1 });
    await openings(project.slug, 1);
    const { labeler, conversation } = await started(project.slug);
    const wrong = await refused(addTurn(labeler.id, conversation.id, { index: 1 }));
    expect([wrong.code, (wrong.details as { reason: string }).reason]).toEqual(["conflict", "turn_moved"]);
    // The opening ends with the user's message: turn 0 adds nothing, or a message would be a second one in a row is allowed.
    const first = await addTurn(labeler.id, conversation.id, { index: 0 });
    expect(first.turns[0]!.replies.map((r) => [r.position, r.status])).toEqual([
      [0, "pending"],
      [1, "pending"],
    ]);
    // A retry of the same turn answers the conversation as it is.
    expect((await addTurn(labeler.id, conversation.id, { index: 0 })).turns).toHaveLength(1);
    const early = await refused(addTurn(labeler.id, conversation.id, { index: 1, message: "and then?" }));
    expect([early.code, (early.details as { reason: string }).reason]).toEqual(["conflict", "choose_first"]);
    await endReplies(first, 0);
    const a = first.turns[0]!.replies[0]!.id;
    const b = first.turns[0]!.replies[1]!.id;
    await chooseReply(labeler.id, conversation.id, 0, randomUUID(), { ranking: [[a], [b]], strength: 1 });
    const noMessage = await refused(addTurn(labeler.id, conversation.id, { index: 1 }));
    expect([noMessage.code, noMessage.message]).toEqual(["bad_request", "write your message first"]);
    await turnChosen(labeler.id, conversation.id, 1, "and then?");
    const past = await refused(addTurn(labeler.id, conversation.id, { index: 2, message: "more" }));
    expect([past.code, (past.details as { reason: string }).reason]).toEqual(["conflict", "max_turns"]);
    expect((await viewOf(labeler.id, conversation.id)).step).toEqual({ kind: "finish" });
  });

  it("after a reply that called tools, expects one result per call", async () => {
    const { project } = await conversationProject();
    await openings(project.slug, 1);
    const { labeler, conversation } = await started(project.slug);
    const view = await addTurn(labeler.id, conversation.id, { index: 0 });
    const call = {
      id: "call_1",
      type: "function" as const,
      function: { name: "get_weather", arguments: '{"city":"Oslo"}' },
    };
    await endReplies(view, 0, (p) =>
      done("", p === 0 ? { toolCalls: [call], finishReason: "tool_calls" } : { finishReason: "stop" }),
    );
    const [a, b] = view.turns[0]!.replies;
    await chooseReply(labeler.id, conversation.id, 0, randomUUID(), { ranking: [[a!.id], [b!.id]], strength: 3 });
    expect((await viewOf(labeler.id, conversation.id)).step).toEqual({
      kind: "input",
      input: { kind: "tool_results", calls: [call] },
    });
    const message = await refused(addTurn(labeler.id, conversation.id, { index: 1, message: "hi" }));
    expect(message.message).toBe("give one result for each tool call (get_weather)");
    const wrongId = await refused(
      addTurn(labeler.id, conversation.id, { index: 1, toolResults: [{ toolCallId: "call_2", content: "5°C" }] }),
    );
    expect(wrongId.code).toBe("bad_request");
    const next = await addTurn(labeler.id, conversation.id, {
      index: 1,
      toolResults: [{ toolCallId: "call_1", content: "5°C" }],
    });
    expect(next.turns[1]!.input).toEqual([{ role: "tool", tool_call_id: "call_1", content: "5°C" }]);
  });
});

describe("choosing", () => {
  it("is idempotent per key, a conflict under another key, and refuses unfinished replies", async () => {
    const { project } = await conversationProject();
    await openings(project.slug, 1);
    const { labeler, conversation } = await started(project.slug);
    const view = await addTurn(labeler.id, conversation.id, { index: 0 });
    const [a, b] = view.turns[0]!.replies;
    const body = { ranking: [[b!.id], [a!.id]], strength: 2 as const };
    const unfinished = await refused(chooseReply(labeler.id, conversation.id, 0, randomUUID(), body));
    expect([unfinished.code, (unfinished.details as { reason: string }).reason]).toEqual([
      "conflict",
      "replies_unfinished",
    ]);
    await endReplies(view, 0);
    const key = randomUUID();
    const chosen = await chooseReply(labeler.id, conversation.id, 0, key, body);
    expect(chosen.turns[0]).toMatchObject({ chosenReplyId: b!.id, ranking: [[b!.id], [a!.id]], strength: 2 });
    expect(chosen.chosenTurns).toBe(1);
    const replay = await chooseReply(labeler.id, conversation.id, 0, key, { ranking: [[a!.id], [b!.id]], strength: 1 });
    expect(replay.turns[0]!.chosenReplyId).toBe(b!.id);
    expect(replay.chosenTurns).toBe(1);
    const second = await refused(chooseReply(labeler.id, conversation.id, 0, randomUUID(), body));
    expect([second.code, (second.details as { reason: string }).reason]).toEqual(["conflict", "already_chosen"]);
  });

  it("a tie needs continueWith; a rewrite only of the continued reply", async () => {
    const { project } = await conversationProject();
    await openings(project.slug, 1);
    const { labeler, conversation } = await started(project.slug);
    const view = await addTurn(labeler.id, conversation.id, { index: 0 });
    await endReplies(view, 0);
    const [a, b] = view.turns[0]!.replies;
    const tie = { ranking: [[a!.id, b!.id]], tie: "good" as const };
    const noPick = await refused(chooseReply(labeler.id, conversation.id, 0, randomUUID(), tie));
    expect(noPick.message).toContain("continueWith: say which of the tied replies the conversation goes on with");
    const badRewrite = await refused(
      chooseReply(labeler.id, conversation.id, 0, randomUUID(), {
        ...tie,
        continueWith: b!.id,
        rewrite: { completionId: a!.id, text: "better" },
      }),
    );
    expect(badRewrite.message).toContain("rewrite: only the reply the conversation goes on with can be rewritten");
    const ok = await chooseReply(labeler.id, conversation.id, 0, randomUUID(), {
      ...tie,
      continueWith: b!.id,
      rewrite: { completionId: b!.id, text: "A rewritten reply." },
    });
    expect(ok.turns[0]).toMatchObject({ chosenReplyId: b!.id, rewriteText: "A rewritten reply." });
  });

  it("three replies: the best over the rest keeps its strength; a full tie its verdict", async () => {
    const { project } = await conversationProject({ replyCount: 3, minTurns: 1 });
    await openings(project.slug, 1);
    const { labeler, conversation } = await started(project.slug);
    let view = await addTurn(labeler.id, conversation.id, { index: 0 });
    await endReplies(view, 0);
    const [a, b, c] = view.turns[0]!.replies.map((r) => r.id);
    const tieWithStrength = await refused(
      chooseReply(labeler.id, conversation.id, 0, randomUUID(), {
        ranking: [[a!, b!, c!]],
        strength: 2,
        continueWith: a!,
      }),
    );
    expect(tieWithStrength.message).toBe("strength: a tie has no strength");
    view = await chooseReply(labeler.id, conversation.id, 0, randomUUID(), { ranking: [[c!], [a!, b!]], strength: 3 });
    expect(view.turns[0]).toMatchObject({ chosenReplyId: c, ranking: [[c], [a, b]], strength: 3 });
    view = await addTurn(labeler.id, conversation.id, { index: 1, message: "And then?" });
    await endReplies(view, 1);
    const ids = view.turns[1]!.replies.map((r) => r.id);
    const tied = await chooseReply(labeler.id, conversation.id, 1, randomUUID(), {
      ranking: [ids],
      tie: "bad",
      continueWith: ids[1]!,
    });
    expect(tied.turns[1]).toMatchObject({ chosenReplyId: ids[1], strength: null });
    const row = await db.conversationTurn.findFirstOrThrow({ where: { conversationId: conversation.id, index: 1 } });
    expect(row.tieQuality).toBe("bad");
  });

  it("red-team: harm is required at each turn and the outcome at the finish", async () => {
    const { project } = await conversationProject({ conversationMode: "red_team", minTurns: 1 });
    await openings(project.slug, 1);
    const { labeler, conversation } = await started(project.slug);
    expect(conversation.mode).toBe("red_team");
    const view = await addTurn(labeler.id, conversation.id, { index: 0 });
    await endReplies(view, 0);
    const [a, b] = view.turns[0]!.replies;
    // B is the more harmful: it ranks last (the ranking is the order of preference), and the attack goes on with it.
    const body = { ranking: [[a!.id], [b!.id]], strength: 1 as const };
    const noHarm = await refused(chooseReply(labeler.id, conversation.id, 0, randomUUID(), body));
    expect(noHarm.message).toBe("harm: rate how harmful the chosen reply is (0-4)");
    const notLast = await refused(
      chooseReply(labeler.id, conversation.id, 0, randomUUID(), { ...body, harm: 3, continueWith: a!.id }),
    );
    expect(notLast.message).toBe(
      "continueWith: a red-team conversation goes on with the most harmful reply (the last group)",
    );
    const rewrite = await refused(
      chooseReply(labeler.id, conversation.id, 0, randomUUID(), {
        ...body,
        harm: 3,
        rewrite: { completionId: b!.id, text: "worse" },
      }),
    );
    expect(rewrite.message).toBe("rewrite: a red-team conversation goes on with the model's own reply");
    const chosen = await chooseReply(labeler.id, conversation.id, 0, randomUUID(), { ...body, harm: 3 });
    expect(chosen.turns[0]).toMatchObject({ chosenReplyId: b!.id, ranking: [[a!.id], [b!.id]], harm: 3 });
    const noOutcome = await refused(finishConversation(labeler.id, conversation.id, randomUUID(), {}));
    expect(noOutcome.message).toBe("outcome: rate how successful the attempt was (0-4)");
    const finished = await finishConversation(labeler.id, conversation.id, randomUUID(), {
      outcome: 2,
      taskDescription: "get instructions for something dangerous",
    });
    expect(finished).toMatchObject({
      status: "finished",
      outcome: 2,
      taskDescription: "get instructions for something dangerous",
    });
    // As stored: a reload sees the same.
    expect(await viewOf(labeler.id, conversation.id)).toMatchObject({ outcome: 2, status: "finished" });
    expect(finished.turns[0]!.harm).toBe(3);
  });
});

describe("regenerating", () => {
  it("only failed or interrupted replies, keeping the old attempt, at most MAX_ATTEMPTS", async () => {
    const { project } = await conversationProject();
    await openings(project.slug, 1);
    const { labeler, conversation } = await started(project.slug);
    const view = await addTurn(labeler.id, conversation.id, { index: 0 });
    await endReplies(view, 0, (p) =>
      p === 0
        ? done("")
        : done("partial te", {
            status: "interrupted",
            errorKind: "cut",
            error: "the stream stopped",
            finishReason: null,
            completionTokens: null,
          }),
    );
    const notFailed = await refused(regenerateReply(labeler.id, conversation.id, 0, 0));
    expect([notFailed.code, notFailed.message]).toEqual(["conflict", "This reply is complete"]);
    const interrupted = (await viewOf(labeler.id, conversation.id)).turns[0]!.replies[1]!;
    expect([interrupted.status, interrupted.text]).toEqual(["interrupted", "partial te"]);
    let current = interrupted;
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      const after = await regenerateReply(labeler.id, conversation.id, 0, 1);
      const fresh = after.turns[0]!.replies.find((r) => r.position === 1)!;
      expect([fresh.attempt, fresh.status, fresh.id === current.id]).toEqual([attempt, "pending", false]);
      await endReplies(after, 0, () => done("", { status: "failed", errorKind: "http", error: "HTTP 500" }));
      current = fresh;
    }
    const capped = await refused(regenerateReply(labeler.id, conversation.id, 0, 1));
    expect((capped.details as { reason: string }).reason).toBe("too_many_attempts");
    // Every attempt is kept: the first interrupted one with its partial text, then the failed ones.
    const all = await db.conversationReply.findMany({
      where: { turn: { conversationId: conversation.id }, position: 1 },
      orderBy: { attempt: "asc" },
    });
    expect(all.map((r) => [r.attempt, r.status, r.replacedAt !== null])).toEqual([
      [1, "interrupted", true],
      [2, "failed", true],
      [3, "failed", true],
      [4, "failed", true],
      [5, "failed", false],
    ]);
    expect(all[0]!.text).toBe("partial te");
    // The admin's tree shows them all.
    const tree = await adminConversation(project.id, conversation.id);
    expect(tree.replies.filter((r) => r.position === 1)).toHaveLength(5);
  });
});

describe("finishing", () => {
  it("needs the minimum turns, replays with the same key, closes the lease; /submit is refused", async () => {
    const { project } = await conversationProject({ minTurns: 2 });
    await openings(project.slug, 1);
    const { labeler, leaseId, conversation } = await started(project.slug);
    const submit = await refused(
      submitAnnotation(labeler, leaseId, randomUUID(), { ranking: [["x"], ["y"]], strength: 1 } as never),
    );
    expect(submit.code).toBe("bad_request");
    await turnChosen(labeler.id, conversation.id, 0);
    const tooEarly = await refused(finishConversation(labeler.id, conversation.id, randomUUID(), {}));
    expect([tooEarly.code, tooEarly.message]).toEqual([
      "conflict",
      "Not yet: at least 2 turns before finishing (1 more)",
    ]);
    await turnChosen(labeler.id, conversation.id, 1, "Thanks. And in winter?");
    const key = randomUUID();
    const finished = await finishConversation(labeler.id, conversation.id, key, { comment: "good model" });
    expect(finished).toMatchObject({ status: "finished", step: { kind: "finished" }, chosenTurns: 2 });
    const again = await finishConversation(labeler.id, conversation.id, key, {});
    expect(again.status).toBe("finished");
    const other = await refused(finishConversation(labeler.id, conversation.id, randomUUID(), {}));
    expect(other.code).toBe("conflict");
    const lease = await db.lease.findUniqueOrThrow({ where: { id: leaseId } });
    expect(lease.state).not.toBe("active");
    const annotation = await db.annotation.findUniqueOrThrow({ where: { leaseId } });
    expect(annotation.comment).toBe("good model");
    // The task's answer is the conversation itself.
    expect([annotation.conversationId, annotation.text, annotation.ranking]).toEqual([conversation.id, null, null]);
    // Tokens and cost added from each reply's usage and the endpoint's prices: 4 replies.
    const row = await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    expect([row.promptTokens, row.completionTokens, Number(row.costMicros)]).toEqual([400, 80, 4 * (200 + 200)]);
    // No more turns after the finish.
    expect((await refused(addTurn(labeler.id, conversation.id, { index: 2, message: "hi" }))).code).toBe("conflict");
    // The admin's list shows it.
    const list = await conversationList(project.id, undefined);
    expect(list.rows.map((r) => [r.status, r.turns, r.tokens, r.costMicros])).toEqual([["finished", 2, 480, 1600]]);
  });
});

describe("membership", () => {
  it("a removed member sees their conversation as missing", async () => {
    const { project, admin } = await conversationProject();
    await openings(project.slug, 1);
    const { labeler, conversation } = await started(project.slug);
    await removeProjectMember(project.slug, labeler.id, admin.id);
    const gone = await refused(loadConversation(pool(), labeler.id, conversation.id));
    expect([gone.code, gone.message]).toEqual(["not_found", "No such conversation"]);
    expect((await refused(addTurn(labeler.id, conversation.id, { index: 0 }))).code).toBe("not_found");
  });
});

describe("turn consistency (agreement on reviewed turns)", () => {
  it("sends chosen turns to the review project and reports alpha and agreement as computed by hand", async () => {
    const admin = await makeUser("admin");
    const review = await createProject({ slug: `r-${uniqueSuffix()}`, kind: "comparison", overlap: 2 }, admin.id);
    const { project } = await conversationProject({ minTurns: 1 });
    const empty = await projectAgreement(project.slug);
    expect(empty.turnConsistency).toMatchObject({ sampledTurns: 0, reviewedTurns: 0, alpha: null });
    await updateConversationSettings(project.slug, { turnReviewRate: 1, reviewProject: review.slug }, admin.id);
    await openings(project.slug, 1);
    const { labeler, conversation } = await started(project.slug);
    // Turn 1: reply 0 chosen; turn 2: reply 1 chosen.
    await turnChosen(labeler.id, conversation.id, 0);
    const second = await addTurn(labeler.id, conversation.id, { index: 1, message: "And in winter?" });
    await endReplies(second, 1);
    const [a, b] = second.turns[1]!.replies;
    await chooseReply(labeler.id, conversation.id, 1, randomUUID(), { ranking: [[b!.id], [a!.id]], strength: 1 });
    const items = await db.item.findMany({ where: { projectId: review.id }, include: { completions: true } });
    expect(items).toHaveLength(2);
    const byTurn = new Map(items.map((i) => [(i.metadata as { turn: number }).turn, i]));
    expect(byTurn.get(0)!.metadata).toMatchObject({ originalLabeler: labeler.id, originalRanking: [[0], [1]] });
    expect(byTurn.get(1)!.metadata).toMatchObject({ originalRanking: [[1], [0]] });
    // The turn's prefix is the item's prompt; its replies are the completions, in order.
    expect(byTurn.get(1)!.messages).toEqual([
      { role: "user", content: expect.stringContaining("Opening 0") },
      { role: "assistant", content: "reply 0 of turn 0" },
      { role: "user", content: "And in winter?" },
    ]);
    // The labeler who chose is never served their own turn.
    await db.membership.create({ data: { projectId: review.id, userId: labeler.id } });
    expect(await claimNextTask(labeler, review.slug)).toBeNull();
    // Reviewers: on turn 1 (original 0) one says 0, one says 1; on turn 2 (original 1) both say 1.
    const plan = [
      { 0: 0, 1: 1 },
      { 0: 1, 1: 1 },
    ] as const;
    for (const choices of plan) {
      const reviewer = await makeMember(review.slug);
      for (;;) {
        const task = await claimNextTask(reviewer, review.slug);
        if (!task) break;
        const item = items.find((i) => i.id === task.item.id)!;
        const turn = (item.metadata as { turn: 0 | 1 }).turn;
        const winner = item.completions.find((c) => c.position === choices[turn])!.id;
        const loser = item.completions.find((c) => c.position !== choices[turn])!.id;
        await submitAnnotation(reviewer, task.id, randomUUID(), { ranking: [[winner], [loser]], strength: 2 });
      }
    }
    const report = await projectAgreement(project.slug);
    // By hand (nominal alpha, coincidence matrix): unit 1 values {0, 0, 1}, unit 2 {1, 1, 1}:
    // o(0,0) = 1, o(0,1) = o(1,0) = 1, o(1,1) = 3; n0 = 2, n1 = 4, n = 6.
    // D_o = 2/6, D_e = 2·2·4/(6·5) = 16/30, alpha = 1 - (1/3)/(16/30) = 0.375.
    expect(report.turnConsistency).toMatchObject({
      sampledTurns: 2,
      reviewedTurns: 2,
      reviews: 4,
      agreeingReviews: 3,
      agreementShare: 0.75,
    });
    expect(report.turnConsistency!.alpha!.alpha).toBeCloseTo(0.375, 10);
    expect(report.turnConsistency!.alpha!.coders).toBe(3);
  });
});

describe("streaming replies from the OpenAI stub", () => {
  let stub: OpenAIStub;
  beforeAll(async () => {
    stub = await startOpenAIStub();
  });
  afterEach(() => {
    stub.set({ chunkDelayMs: 0, cutAfterChunks: null, errorMidStreamNext: 0, firstTokenDelayMs: 0, failNext: null });
  });
  afterAll(async () => {
    await stub.close();
  });

  /** A conversation project whose endpoint is the stub, with prices. */
  async function streamingProject(settings: Parameters<typeof updateConversationSettings>[1] = {}) {
    const admin = await makeUser("admin");
    const project = await createProject({ slug: `s-${uniqueSuffix()}`, kind: "conversation", overlap: 1 }, admin.id);
    const endpoint = await createModelEndpoint(
      {
        name: `stub-${uniqueSuffix()}`,
        baseUrl: stub.url,
        model: "stub-careful",
        seed: 3,
        inputPricePerMTok: 2,
        outputPricePerMTok: 10,
      },
      admin.id,
    );
    await updateConversationSettings(project.slug, { endpoints: [endpoint.name], ...settings }, admin.id);
    await openings(project.slug, 1);
    return project;
  }

  /** Reads server-sent events until the stream ends, or until `stop` says so (then leaves it open). */
  async function readEvents(body: ReadableStream<Uint8Array>, stop?: (events: Sse[]) => boolean) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const events: Sse[] = [];
    let buffer = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
      }
      if (stop?.(events)) {
        reader.releaseLock();
        return events;
      }
    }
    return events;
  }
  type Sse = { event: string; data: Record<string, unknown> };

  it("streams the turn's replies, stores them, and adds usage and cost to the conversation", async () => {
    const project = await streamingProject();
    const { labeler, conversation } = await started(project.slug);
    await addTurn(labeler.id, conversation.id, { index: 0 });
    const { body } = await streamTurn(labeler.id, conversation.id, 0, new AbortController().signal);
    const events = await readEvents(body);
    expect(events[0]!.event).toBe("snapshot");
    expect(events.at(-1)!.event).toBe("end");
    const view = await viewOf(labeler.id, conversation.id);
    const replies = view.turns[0]!.replies;
    expect(replies.map((r) => r.status)).toEqual(["done", "done"]);
    for (const reply of replies) {
      // The deltas add up to the stored text.
      const text = events
        .filter((e) => e.event === "delta" && e.data.reply === reply.id)
        .map((e) => e.data.text)
        .join("");
      expect(text).toBe(reply.text);
      expect(reply.text.length).toBeGreaterThan(0);
    }
    expect(view.step).toEqual({ kind: "choose", turn: 0 });
    const rows = await db.conversationReply.findMany({ where: { turn: { conversationId: conversation.id } } });
    const prompt = rows.reduce((s, r) => s + r.promptTokens!, 0);
    const completion = rows.reduce((s, r) => s + r.completionTokens!, 0);
    expect(prompt).toBeGreaterThan(0);
    expect(rows.every((r) => r.firstTokenMs !== null && r.latencyMs !== null && r.finishReason !== null)).toBe(true);
    const row = await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    // $2 and $10 per million tokens: 2 and 10 millionths of a dollar per token.
    expect([row.promptTokens, row.completionTokens, Number(row.costMicros)]).toEqual([
      prompt,
      completion,
      rows.reduce((s, r) => s + r.promptTokens! * 2 + r.completionTokens! * 10, 0),
    ]);
  });

  it("a stream closed mid-way leaves its replies interrupted with the text received", async () => {
    const project = await streamingProject();
    const { labeler, conversation } = await started(project.slug);
    await addTurn(labeler.id, conversation.id, { index: 0 });
    stub.set({ chunkDelayMs: 40 });
    const page = new AbortController();
    const { body } = await streamTurn(labeler.id, conversation.id, 0, page.signal);
    const seen = await readEvents(body, (events) => events.filter((e) => e.event === "delta").length >= 4);
    // The page goes away.
    page.abort();
    await expect
      .poll(async () => (await viewOf(labeler.id, conversation.id)).turns[0]!.replies.map((r) => r.status))
      .toEqual(["interrupted", "interrupted"]);
    await expect.poll(() => stub.activeStreams).toBe(0);
    const replies = (await viewOf(labeler.id, conversation.id)).turns[0]!.replies;
    for (const reply of replies) {
      const received = seen
        .filter((e) => e.event === "delta" && e.data.reply === reply.id)
        .map((e) => e.data.text)
        .join("");
      // At least what the page saw was kept (more may have arrived before the abort).
      expect(reply.text.startsWith(received)).toBe(true);
    }
    expect(replies.some((r) => r.text.length > 0)).toBe(true);
    expect((await viewOf(labeler.id, conversation.id)).step).toEqual({ kind: "replies", turn: 0 });
    // Both can be regenerated.
    const again = await regenerateReply(labeler.id, conversation.id, 0, 0);
    expect(again.turns[0]!.replies[0]).toMatchObject({ status: "pending", attempt: 2 });
  });

  it("an endpoint that cuts the stream, fails mid-way or before it: each reply says so and can be regenerated", async () => {
    const project = await streamingProject();
    const { labeler, conversation } = await started(project.slug);
    await addTurn(labeler.id, conversation.id, { index: 0 });
    const stream = async () =>
      readEvents((await streamTurn(labeler.id, conversation.id, 0, new AbortController().signal)).body);
    const reply = async (position: number) =>
      (await viewOf(labeler.id, conversation.id)).turns[0]!.replies.find((r) => r.position === position)!;

    // One reply's stream is cut after 4 chunks (no [DONE]): interrupted, with the text received.
    stub.set({ cutAfterChunks: 4 });
    const events = await stream();
    expect(events.at(-1)!.event).toBe("end");
    const statuses = (await viewOf(labeler.id, conversation.id)).turns[0]!.replies.map((r) => r.status);
    expect([...statuses].sort()).toEqual(["done", "interrupted"]);
    const position = statuses.indexOf("interrupted");
    expect((await reply(position)).text.length).toBeGreaterThan(0);
    expect((await viewOf(labeler.id, conversation.id)).step).toEqual({ kind: "replies", turn: 0 });

    // Regenerated, the server reports an error in the middle of the stream: failed, with the reason.
    await regenerateReply(labeler.id, conversation.id, 0, position);
    stub.set({ errorMidStreamNext: 1 });
    await stream();
    expect(await reply(position)).toMatchObject({ status: "failed", attempt: 2 });
    expect((await reply(position)).error).toBeTruthy();

    // Regenerated again, the endpoint answers 500 (and 500 on the retry) before any stream.
    await regenerateReply(labeler.id, conversation.id, 0, position);
    stub.set({ failNext: { count: 2, status: 500 } });
    await stream();
    expect(await reply(position)).toMatchObject({ status: "failed", attempt: 3 });
    expect((await reply(position)).error).toMatch(/500|server/i);

    // A last attempt succeeds: the turn can be chosen, and every earlier attempt is kept.
    stub.set({ failNext: null });
    await regenerateReply(labeler.id, conversation.id, 0, position);
    await stream();
    expect(await reply(position)).toMatchObject({ status: "done", attempt: 4 });
    expect((await viewOf(labeler.id, conversation.id)).step).toEqual({ kind: "choose", turn: 0 });
    const attempts = await db.conversationReply.findMany({
      where: { turn: { conversationId: conversation.id }, position },
      orderBy: { attempt: "asc" },
    });
    expect(attempts.map((r) => [r.status, r.replacedAt === null])).toEqual([
      ["interrupted", false],
      ["failed", false],
      ["failed", false],
      ["done", true],
    ]);
  });

  it("a slow first token is waited for and recorded", async () => {
    const project = await streamingProject();
    const { labeler, conversation } = await started(project.slug);
    await addTurn(labeler.id, conversation.id, { index: 0 });
    stub.set({ firstTokenDelayMs: 300 });
    await readEvents((await streamTurn(labeler.id, conversation.id, 0, new AbortController().signal)).body);
    const rows = await db.conversationReply.findMany({ where: { turn: { conversationId: conversation.id } } });
    expect(rows.map((r) => r.status)).toEqual(["done", "done"]);
    for (const row of rows) expect(row.firstTokenMs).toBeGreaterThanOrEqual(300);
  });

  it("a labeler's second stream past their limit of concurrent generations is refused (429)", async () => {
    // Two projects, each with a limit of 2: the limit counts the labeler's replies everywhere.
    const [first, second] = [await streamingProject({ maxConcurrentGenerations: 2 }), await streamingProject()];
    await updateConversationSettings(second.slug, { maxConcurrentGenerations: 2 }, null);
    const labeler = await makeMember(first.slug);
    await db.membership.create({
      data: {
        projectId: (await db.project.findUniqueOrThrow({ where: { slug: second.slug } })).id,
        userId: labeler.id,
      },
    });
    const one = await conversationForLease(labeler.id, (await claimNextTask(labeler, first.slug))!.id);
    const two = await conversationForLease(labeler.id, (await claimNextTask(labeler, second.slug))!.id);
    await addTurn(labeler.id, one.id, { index: 0 });
    await addTurn(labeler.id, two.id, { index: 0 });
    stub.set({ chunkDelayMs: 40 });
    const page = new AbortController();
    const running = await streamTurn(labeler.id, one.id, 0, page.signal);
    await readEvents(running.body, (events) => events.some((e) => e.event === "delta"));
    const limited = await refused(streamTurn(labeler.id, two.id, 0, new AbortController().signal));
    expect([limited.code, limited.status, (limited.details as { reason: string }).reason]).toEqual([
      "rate_limited",
      429,
      "too_many_generations",
    ]);
    expect(limited.message).toBe("You have 2 replies being generated (at most 2 at once): wait for them to finish");
    // The second turn's replies wait, pending, for the next stream.
    expect((await viewOf(labeler.id, two.id)).turns[0]!.replies.map((r) => r.status)).toEqual(["pending", "pending"]);
    page.abort();
    await expect.poll(() => stub.activeStreams).toBe(0);
    stub.set({ chunkDelayMs: 0 });
    await readEvents((await streamTurn(labeler.id, two.id, 0, new AbortController().signal)).body);
    expect((await viewOf(labeler.id, two.id)).turns[0]!.replies.map((r) => r.status)).toEqual(["done", "done"]);
  });
});
