// The queue's hot path checks a bearer token inside its own statement (claim, lease read): one
// round trip, nothing cached. A revoked or expired token, a password reset and a deactivated
// user are refused by the very next request, also when the change was made by another process
// (another app instance, the CLI), and the refused request changes nothing.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { createApiToken, hashToken, revokeApiToken } from "@/lib/server/auth/api-tokens";
import type { ApiCaller } from "@/lib/server/auth/api-caller";
import { claimNextTaskFor } from "@/lib/server/queue/claim-next-task";
import { submitAnnotationFor } from "@/lib/server/queue/submit-annotation";
import { submitAndClaimNextFor } from "@/lib/server/queue/submit-and-claim-next";
import type { TaskView } from "@/lib/server/queue/task-view";
import { resetPassword } from "@/lib/server/users/reset-password";
import { cliResult } from "../support/run-cli";
import { makeItems, makeMember, makeProject, makeUser } from "../support/factories";

afterAll(() => db.$disconnect());

const answerFor = (task: TaskView) => ({ ranking: task.item.completions.map((c) => [c.id]), strength: 2 as const });
const refused = { code: "unauthenticated", message: "Invalid or revoked API token" };

async function labelerWithToken(items = 3) {
  const project = await makeProject("comparison", 1);
  await makeItems(project.slug, items);
  const labeler = await makeMember(project.slug);
  const token = await createApiToken(labeler.email, null);
  const caller: ApiCaller = { tokenHash: hashToken(token.token) };
  return { project, labeler, token, caller };
}

const leasesOf = (labelerId: string) => db.lease.count({ where: { labelerId } });
const annotationsOf = (labelerId: string) => db.annotation.count({ where: { labelerId } });

describe("a bearer token checked in the claim's and the submit's own statement", () => {
  it("claims and submits as the token's user, and records the token's use", async () => {
    const { project, labeler, token, caller } = await labelerWithToken();
    const task = (await claimNextTaskFor(caller, project.slug))!;
    expect(task.project.slug).toBe(project.slug);
    expect(await db.lease.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ labelerId: labeler.id });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt).not.toBeNull();

    const { annotationId } = await submitAnnotationFor(caller, task.id, randomUUID(), answerFor(task));
    expect(await db.annotation.findUniqueOrThrow({ where: { id: annotationId } })).toMatchObject({
      labelerId: labeler.id,
      leaseId: task.id,
    });
  });

  it("a submit that carries the next task (?next=1) claims it as the token's user, and not after a revocation", async () => {
    const { project, labeler, token, caller } = await labelerWithToken();
    const task = (await claimNextTaskFor(caller, project.slug))!;
    const { annotationId, next } = await submitAndClaimNextFor(caller, task.id, randomUUID(), answerFor(task));
    expect(await db.annotation.findUniqueOrThrow({ where: { id: annotationId } })).toMatchObject({ leaseId: task.id });
    expect(next!.task.id).not.toBe(task.id);
    expect(await db.lease.findUniqueOrThrow({ where: { id: next!.task.id } })).toMatchObject({ labelerId: labeler.id });

    await revokeApiToken(null, token.id);
    await expect(
      submitAndClaimNextFor(caller, next!.task.id, randomUUID(), answerFor(next!.task)),
    ).rejects.toMatchObject(refused);
    expect(await leasesOf(labeler.id)).toBe(2);
    expect(await annotationsOf(labeler.id)).toBe(1);
  });

  it("answers as before for someone else's lease, a missing one, a stranger's project and an unknown slug", async () => {
    const { project, caller } = await labelerWithToken();
    const other = await makeMember(project.slug);
    const othersTask = (await claimNextTaskFor(
      { tokenHash: hashToken((await createApiToken(other.email, null)).token) },
      project.slug,
    ))!;
    const task = (await claimNextTaskFor(caller, project.slug))!;
    const notFound = { code: "not_found", message: "No such task" };
    await expect(submitAnnotationFor(caller, othersTask.id, randomUUID(), answerFor(task))).rejects.toMatchObject(
      notFound,
    );
    await expect(submitAnnotationFor(caller, randomUUID(), randomUUID(), answerFor(task))).rejects.toMatchObject(
      notFound,
    );
    const stranger = await makeProject("comparison", 1);
    await expect(claimNextTaskFor(caller, stranger.slug)).rejects.toMatchObject({ code: "not_found" });
    await expect(claimNextTaskFor(caller, "no-such-project")).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses an unknown token without claiming anything", async () => {
    const { project, labeler } = await labelerWithToken();
    await expect(claimNextTaskFor({ tokenHash: hashToken("rlhf_not-a-token") }, project.slug)).rejects.toMatchObject(
      refused,
    );
    expect(await leasesOf(labeler.id)).toBe(0);
  });

  it("refuses a token revoked by another process (the CLI) at once: no claim, no answer stored", async () => {
    const { project, labeler, token, caller } = await labelerWithToken();
    const task = (await claimNextTaskFor(caller, project.slug))!;

    // Another process, as a second app instance would be: this one learns of it from nothing but the database.
    expect(cliResult(["token", "revoke", "--id", token.id])).toEqual({ revoked: true });

    await expect(submitAnnotationFor(caller, task.id, randomUUID(), answerFor(task))).rejects.toMatchObject(refused);
    await expect(claimNextTaskFor(caller, project.slug)).rejects.toMatchObject(refused);
    expect(await annotationsOf(labeler.id)).toBe(0);
    expect(await leasesOf(labeler.id)).toBe(1);
  });

  it("refuses a token revoked in this process, and an expired one, on the next request", async () => {
    const { project, labeler, token, caller } = await labelerWithToken();
    await claimNextTaskFor(caller, project.slug);
    await revokeApiToken(labeler, token.id);
    await expect(claimNextTaskFor(caller, project.slug)).rejects.toMatchObject(refused);

    const fresh = await createApiToken(labeler.email, null, "short", { expiresInDays: 1 });
    const freshCaller = { tokenHash: hashToken(fresh.token) };
    const task = (await claimNextTaskFor(freshCaller, project.slug))!;
    await db.apiToken.update({ where: { id: fresh.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(submitAnnotationFor(freshCaller, task.id, randomUUID(), answerFor(task))).rejects.toMatchObject(
      refused,
    );
    expect(await annotationsOf(labeler.id)).toBe(0);
  });

  it("refuses the tokens of a user whose password was reset", async () => {
    const admin = await makeUser("admin");
    const { project, labeler, caller } = await labelerWithToken();
    const task = (await claimNextTaskFor(caller, project.slug))!;
    await resetPassword(admin.id, { id: labeler.id }, "a-brand-new-password");
    await expect(submitAnnotationFor(caller, task.id, randomUUID(), answerFor(task))).rejects.toMatchObject(refused);
    expect(await annotationsOf(labeler.id)).toBe(0);
  });

  it("refuses a deactivated user's token even while the token itself is live", async () => {
    const { project, labeler, token, caller } = await labelerWithToken();
    const task = (await claimNextTaskFor(caller, project.slug))!;
    // Only the user's flag, written by another connection: the token row stays live.
    await db.user.update({ where: { id: labeler.id }, data: { active: false } });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).toBeNull();

    await expect(claimNextTaskFor(caller, project.slug)).rejects.toMatchObject(refused);
    await expect(submitAnnotationFor(caller, task.id, randomUUID(), answerFor(task))).rejects.toMatchObject(refused);
    expect(await annotationsOf(labeler.id)).toBe(0);
    expect(await leasesOf(labeler.id)).toBe(1);
  });
});
