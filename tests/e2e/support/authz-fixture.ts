// Data for the authorization matrix journey: a comparison project with items, a labeler in
// it and one outside it (both with API tokens and passwords), an API token for this run's
// admin, an export record, a spare user to edit (with an API token the tokens route revokes),
// a second member to remove (with an API token the revoke action revokes) and a labeler whose
// account the user actions change, and model endpoints at the OpenAI stub the spec runs.
// Run by tests/e2e/authz-matrix.spec.ts: tsx --conditions=react-server tests/e2e/support/authz-fixture.ts '<admin email>' '<stub URL>'
import { randomUUID } from "node:crypto";
import { accountThrottleKey } from "../../../lib/domain/login-throttle";
import { Writable } from "node:stream";
import { createApiToken } from "@/lib/server/auth/api-tokens";
import { db } from "@/lib/server/db/client";
import { recordedExport } from "@/lib/server/export/record-export";
import { addItems } from "@/lib/server/items/add-items";
import { createModelEndpoint } from "@/lib/server/models/create-model-endpoint";
import { conversationForLease } from "@/lib/server/conversations/start-conversation";
import { addProjectMember } from "@/lib/server/projects/add-member";
import { updateConversationSettings } from "@/lib/server/projects/conversation-settings";
import { createProject } from "@/lib/server/projects/create-project";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { createUser } from "@/lib/server/users/create-user";
import { createJudge } from "@/lib/server/judges/judges";

export const AUTHZ_PASSWORD = "authz-labeler-password";

async function main() {
  const adminEmail = process.argv[2]!;
  const stubUrl = process.argv[3]!;
  const suffix = randomUUID().slice(0, 8);
  const slug = `authz-${suffix}`;
  await createProject({ slug, name: `Authz ${suffix}`, kind: "comparison", overlap: 1 }, null);
  await addItems(
    slug,
    Array.from({ length: 6 }, (_, n) => ({
      externalId: `authz-${n}`,
      messages: [{ role: "user" as const, content: `Question ${n}` }],
      completions: [{ text: `First ${n}` }, { text: `Second ${n}` }],
    })),
  );
  const people: Record<string, { email: string; password: string; token: string }> = {};
  for (const who of ["member", "outsider"]) {
    const email = `authz-${who}-${suffix}@test.example`;
    await createUser({ email, role: "labeler", password: AUTHZ_PASSWORD }, null);
    if (who === "member") await addProjectMember(slug, email, null);
    people[who] = { email, password: AUTHZ_PASSWORD, token: (await createApiToken(email, null)).token };
  }
  // Every scope: the admin's column of the route matrix includes the feedback route (ingest).
  const adminToken = (await createApiToken(adminEmail, null, "cli", { scopes: ["label", "admin", "ingest"] })).token;
  const spare = await createUser(
    { email: `authz-spare-${suffix}@test.example`, role: "labeler", password: AUTHZ_PASSWORD },
    null,
  );
  const leaver = await createUser(
    { email: `authz-leaver-${suffix}@test.example`, role: "labeler", password: AUTHZ_PASSWORD },
    null,
  );
  await addProjectMember(slug, leaver.email, null);
  const target = await createUser(
    { email: `authz-target-${suffix}@test.example`, role: "labeler", password: AUTHZ_PASSWORD },
    null,
  );
  const spareToken = await createApiToken(spare.email, null);
  // Failed sign-ins for the spare user: the unlock action has something to clear.
  await db.loginAttempt.createMany({
    data: [1, 2, 3].map(() => ({ key: accountThrottleKey(spare.email), success: false })),
  });
  const leaverToken = await createApiToken(leaver.email, null);
  const [model, removedByRoute, removedByAction] = await Promise.all(
    ["read", "route-removes", "action-removes"].map((role) =>
      createModelEndpoint({ name: `authz-${role}-${suffix}`, baseUrl: stubUrl, model: "stub-careful" }, null),
    ),
  );
  // Generation: a prompt waiting for completions, a queued job with no requests (nothing runs
  // it: the cancel route cancels it) and a cancelled one with a failed request (resumed).
  await addItems(slug, [{ externalId: "authz-prompt", messages: [{ role: "user", content: "Waiting for models" }] }]);
  const prompt = await db.item.findFirstOrThrow({ where: { project: { slug }, externalId: "authz-prompt" } });
  const generationJob = await db.generationJob.create({
    data: {
      projectId: prompt.projectId,
      endpointIds: [],
      endpointNames: [],
      lanes: [],
      samples: 1,
      selection: "missing",
    },
  });
  const toResume = await db.generationJob.create({
    data: {
      projectId: prompt.projectId,
      status: "cancelled",
      endpointIds: [model!.id],
      endpointNames: [model!.name],
      lanes: [1],
      samples: 1,
      selection: "missing",
      items: 1,
      requests: 1,
      failed: 1,
      tasks: {
        create: { itemId: prompt.id, endpointId: model!.id, sampleIndex: 0, lane: 0, status: "failed", error: "x" },
      },
    },
  });
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const { exportId } = await recordedExport({ slug, format: "raw", out: sink, actorId: null });
  // An item with completions (the prompt waiting for models has none).
  const item = await db.item.findFirstOrThrow({
    where: { project: { slug }, externalId: "authz-0" },
    include: { completions: { where: { position: { not: null } }, orderBy: { position: "asc" } } },
  });
  // An answer of the member's, made after the export (so that it can still be changed).
  const memberUser = await db.user.findUniqueOrThrow({ where: { email: people.member!.email } });
  const memberSession = { id: memberUser.id, email: memberUser.email, name: memberUser.name, role: memberUser.role };
  const answered = (await claimNextTask(memberSession, slug))!;
  const { annotationId: answerId } = await submitAnnotation(memberSession, answered.id, `authz-${suffix}`, {
    ranking: answered.item.completions.map((c) => [c.id]),
  });
  // A conversation project (replies from the stub) with one opening, whose conversation the
  // member holds: no turn yet (the matrix adds it, streams it, chooses and finishes).
  const conversationSlug = `authz-conv-${suffix}`;
  await createProject(
    { slug: conversationSlug, name: `Authz conversations ${suffix}`, kind: "conversation", overlap: 1 },
    null,
  );
  await updateConversationSettings(
    conversationSlug,
    { replyCount: 2, replySource: "sample", endpoints: [model!.id], minTurns: 1, ownOpenings: true },
    null,
  );
  await addItems(conversationSlug, [{ externalId: "opening", messages: [{ role: "user", content: "Say hello" }] }]);
  await addProjectMember(conversationSlug, people.member!.email, null);
  const conversationLease = (await claimNextTask(memberSession, conversationSlug))!;
  const conversation = await conversationForLease(memberUser.id, conversationLease.id);
  // AI judges (docs/JUDGES.md): one read, changed and run; one removed; one with a queued run
  // that nothing runs (no items, so no worker lane polls for it: the cancel route cancels it).
  const judges = { name: `j-${suffix}`, toRemove: `j-remove-${suffix}`, cancelJudge: `j-cancel-${suffix}`, runId: "" };
  for (const name of [judges.name, judges.toRemove, judges.cancelJudge]) {
    await createJudge({ slug, input: { name, model: model!.id }, actorId: null });
  }
  const cancelJudge = await db.judge.findFirstOrThrow({ where: { name: judges.cancelJudge } });
  judges.runId = (
    await db.judgeRun.create({ data: { judgeId: cancelJudge.id, projectId: cancelJudge.projectId, promptVersion: 1 } })
  ).id;
  process.stdout.write(
    JSON.stringify({
      judges,
      conversationSlug,
      conversationId: conversation.id,
      conversationLeaseId: conversationLease.id,
      answerId,
      answerCompletions: answered.item.completions.map((c) => c.id),
      slug,
      people,
      adminToken,
      exportId,
      userId: spare.id,
      spareEmail: spare.email,
      spareTokenId: spareToken.id,
      itemId: item.id,
      completionId: item.completions[0]!.id,
      leaverId: leaver.id,
      leaverTokenId: leaverToken.id,
      targetUserId: target.id,
      modelEndpointId: model!.id,
      modelToRemoveByRouteId: removedByRoute!.id,
      modelToRemoveByActionId: removedByAction!.id,
      generationJobId: generationJob.id,
      generationToResumeId: toResume.id,
    }),
  );
  await db.$disconnect();
}

void main();
