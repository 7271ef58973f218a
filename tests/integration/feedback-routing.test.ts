import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { feedbackPage } from "@/lib/server/feedback/feedback-page";
import { projectTabData } from "@/lib/server/projects/project-tab-data";
import { feedbackSettingsOf, updateFeedbackSettings } from "@/lib/server/feedback/feedback-settings";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { USER_EDIT_MODEL } from "@/lib/domain/feedback/routing";
import { makeMember, makeProject, makeUser, uniqueSuffix } from "../support/factories";
import { sendFeedback } from "../support/feedback-factories";
import { runCli } from "../support/run-cli";

afterAll(() => db.$disconnect());

async function source() {
  return makeProject("ranking", 1);
}

const reviewItems = (projectId: string) =>
  db.item.findMany({ where: { projectId }, include: { completions: { orderBy: { position: "asc" } }, slots: true } });

describe("routing feedback to review", () => {
  it("sends every down, about 5% of ups and every edit; deterministically; each event at most once", async () => {
    const admin = await makeUser("admin");
    const from = await source();
    const demo = await makeProject("demonstration", 2);
    const pairs = await makeProject("comparison", 1);
    await updateFeedbackSettings(
      from.slug,
      {
        routes: [
          { when: "down", rate: 1, project: demo.slug },
          { when: "up", rate: 0.05, project: demo.slug },
          { when: "edit", rate: 1, project: pairs.slug },
        ],
      },
      admin.id,
    );
    const prefix = uniqueSuffix();
    const events = Array.from({ length: 2000 }, (_, i) => ({
      id: `${prefix}-${i}`,
      rating: i % 4 === 0 ? ("down" as const) : ("up" as const),
      model: i % 2 ? "m-a" : "m-b",
      // Every 10th up carries an edit (an up with an edit: the edit rule takes what the up rule leaves).
      ...(i % 10 === 5 ? { edit: `a better answer ${i}` } : {}),
    }));
    const first = await sendFeedback(from.slug, events);
    expect(first.accepted).toBe(2000);

    const rows = await db.feedbackEvent.findMany({ where: { projectId: from.id } });
    const downs = rows.filter((r) => r.thumb === false);
    expect(downs).toHaveLength(500);
    expect(downs.every((r) => r.routedBy === "down" && r.reviewItemId)).toBe(true);
    const ups = rows.filter((r) => r.thumb === true && r.edit === null);
    const upsRouted = ups.filter((r) => r.routedBy === "up").length;
    // 1,300 ups without an edit at 5%: 65 expected; 3 standard deviations (7.9) either side.
    expect(upsRouted).toBeGreaterThan(65 - 24);
    expect(upsRouted).toBeLessThan(65 + 24);
    expect(ups.filter((r) => r.routedBy === null)).toHaveLength(1300 - upsRouted);
    const edits = rows.filter((r) => r.edit !== null);
    expect(edits).toHaveLength(200);
    // Each is routed once: by the up rule (to the demonstration project) or else by the edit rule.
    expect(edits.every((r) => r.routedBy === "up" || r.routedBy === "edit")).toBe(true);
    expect(edits.filter((r) => r.routedBy === "edit").length).toBeGreaterThan(150);

    const demoItems = await reviewItems(demo.id);
    const pairItems = await reviewItems(pairs.id);
    expect(demoItems).toHaveLength(rows.filter((r) => r.routedBy === "down" || r.routedBy === "up").length);
    expect(pairItems).toHaveLength(rows.filter((r) => r.routedBy === "edit").length);
    expect(first.routed).toBe(demoItems.length + pairItems.length);
    // Slots follow the target's overlap; items carry the reply (and the edit), never the user.
    const anEdit = edits.find((r) => r.routedBy === "edit")!;
    const pairItem = pairItems.find((i) => i.id === anEdit.reviewItemId)!;
    expect(pairItem.externalId).toBe(`feedback:${anEdit.id}`);
    expect(pairItem.completions.map((c) => [c.text, c.model])).toEqual([
      [anEdit.response, anEdit.model],
      [anEdit.edit, USER_EDIT_MODEL],
    ]);
    expect(pairItem.slots).toHaveLength(1);
    expect(demoItems[0]!.slots).toHaveLength(2);
    expect(pairItem.metadata).toEqual({
      feedback: {
        project: from.slug,
        eventId: anEdit.eventId,
        rating: "up",
        model: anEdit.model,
        rule: 2,
        when: "edit",
      },
    });
    expect(pairItem.number).toBeGreaterThan(0);

    // Re-sending changes nothing; replaying the same ids elsewhere decides the same.
    const again = await sendFeedback(from.slug, events);
    expect(again).toEqual({ accepted: 0, duplicates: 2000, routed: 0 });
    expect(await db.item.count({ where: { projectId: demo.id } })).toBe(demoItems.length);
  });

  it("decides the same sample when the same event is replayed into a fresh project state", async () => {
    const admin = await makeUser("admin");
    const from = await source();
    const demo = await makeProject("demonstration", 1);
    await updateFeedbackSettings(from.slug, { routes: [{ when: "up", rate: 0.3, project: demo.slug }] }, admin.id);
    const prefix = uniqueSuffix();
    const events = Array.from({ length: 200 }, (_, i) => ({ id: `${prefix}-${i}`, rating: "up" as const }));
    await sendFeedback(from.slug, events);
    const before = (await db.feedbackEvent.findMany({ where: { projectId: from.id } }))
      .filter((r) => r.routedBy)
      .map((r) => r.eventId)
      .sort();
    // Delete and send again (a replay): the same events are taken.
    await db.feedbackEvent.deleteMany({ where: { projectId: from.id } });
    await db.item.deleteMany({ where: { projectId: demo.id } });
    await sendFeedback(from.slug, events);
    const after = (await db.feedbackEvent.findMany({ where: { projectId: from.id } }))
      .filter((r) => r.routedBy)
      .map((r) => r.eventId)
      .sort();
    expect(after).toEqual(before);
    expect(before.length).toBeGreaterThan(30);
    expect(before.length).toBeLessThan(90);
  });

  it("sends a comparison only events with a second text, and counts the others as not routable", async () => {
    const admin = await makeUser("admin");
    const from = await source();
    const pairs = await makeProject("comparison", 1);
    const ranks = await makeProject("ranking", 1);
    await updateFeedbackSettings(
      from.slug,
      {
        routes: [
          { when: "down", rate: 1, project: pairs.slug },
          { when: "regenerate", rate: 1, project: ranks.slug },
        ],
      },
      admin.id,
    );
    const p = uniqueSuffix();
    await sendFeedback(from.slug, [
      { id: `${p}-plain`, rating: "down" },
      { id: `${p}-edit`, rating: "down", edit: "fixed" },
      { id: `${p}-same-edit`, rating: "down", response: "same", edit: " same " },
      {
        id: `${p}-regen`,
        rating: "up",
        response: "r0",
        alternatives: [
          { text: "r1", chosen: true },
          { text: "r0", chosen: false },
          { text: "r2", chosen: false },
          { text: "r1", chosen: false },
        ],
      },
    ]);
    const byId = new Map(
      (await db.feedbackEvent.findMany({ where: { projectId: from.id } })).map((r) => [
        r.eventId.slice(p.length + 1),
        r,
      ]),
    );
    expect(byId.get("plain")!.reviewItemId).toBeNull();
    expect(byId.get("plain")!.routeLog).toEqual([
      { rule: 0, when: "down", projectId: pairs.id, outcome: "not_routable" },
    ]);
    expect(byId.get("same-edit")!.reviewItemId).toBeNull();
    expect(byId.get("edit")!.routedBy).toBe("down");
    const ranked = await db.item.findUniqueOrThrow({
      where: { id: byId.get("regen")!.reviewItemId! },
      include: { completions: { orderBy: { position: "asc" } } },
    });
    expect(ranked.completions.map((c) => c.text)).toEqual(["r1", "r0", "r2"]);

    const page = await feedbackPage(from.id, undefined);
    expect(page.rules.map((r) => [r.routed, r.notRoutable, r.sampledOut])).toEqual([
      [1, 2, 0],
      [1, 0, 0],
    ]);
  });

  it("counts labelers confirming and correcting demonstration reviews", async () => {
    const admin = await makeUser("admin");
    const from = await source();
    const demo = await makeProject("demonstration", 1);
    const labeler = await makeMember(demo.slug);
    await updateFeedbackSettings(from.slug, { routes: [{ when: "any", rate: 1, project: demo.slug }] }, admin.id);
    const p = uniqueSuffix();
    await sendFeedback(from.slug, [
      { id: `${p}-a`, rating: 1, response: "Reply A.", user: "user-secret-42" },
      { id: `${p}-b`, rating: 5, response: "Reply B." },
    ]);
    for (let i = 0; i < 2; i++) {
      const task = (await claimNextTask(labeler, demo.slug))!;
      expect(task.item.fromFeedback).toBe(true);
      expect(JSON.stringify(task)).not.toContain("user-secret-42");
      const reply = task.item.completions[0]!.text;
      await submitAnnotation(labeler, task.id, `k-${p}-${i}`, {
        text: reply === "Reply A." ? "Reply A.\n" : "A better reply B.",
      });
    }
    const page = await feedbackPage(from.id, undefined);
    expect(page.rules[0]).toMatchObject({ routed: 2, answeredItems: 2, answers: 2, confirmed: 1, corrected: 1 });
    expect(page.totals).toMatchObject({ events: 2, scored: 2, routed: 2 });
    expect(page.scores!.map((s) => s.events)).toEqual([1, 0, 0, 0, 1]);
    expect(JSON.stringify(page.recent)).not.toContain("user-secret-42");
  });
});

describe("feedback settings", () => {
  it("refuses a missing, same, archived or conversation target and a pattern that does not compile", async () => {
    const admin = await makeUser("admin");
    const from = await source();
    const refuse = (input: Parameters<typeof updateFeedbackSettings>[1]) =>
      updateFeedbackSettings(from.slug, input, admin.id);
    await expect(refuse({ routes: [{ when: "down", rate: 1, project: `nope-${uniqueSuffix()}` }] })).rejects.toThrow(
      /rule 1 \(down\): no project nope-/,
    );
    await expect(refuse({ routes: [{ when: "down", rate: 1, project: from.slug }] })).rejects.toThrow(
      /rule 1 \(down\): review items go to another project/,
    );
    const conversation = await db.project.create({
      data: { slug: `c-${uniqueSuffix()}`, name: "c", kind: "conversation", flags: [] },
    });
    await expect(refuse({ routes: [{ when: "down", rate: 1, project: conversation.slug }] })).rejects.toThrow(
      /is a conversation project; review items go to a comparison, ranking or demonstration project/,
    );
    const archived = await makeProject("demonstration", 1);
    await db.project.update({ where: { id: archived.id }, data: { status: "archived" } });
    await expect(refuse({ routes: [{ when: "up", rate: 0.5, project: archived.slug }] })).rejects.toThrow(
      /rule 1 \(up\): .* is archived/,
    );
    await expect(refuse({ patterns: [{ name: "order", pattern: "ORD-(\\d+" }] })).rejects.toThrow(
      /pattern order does not compile/,
    );
    await expect(refuse({ patterns: [{ name: "blank", pattern: "x*" }] })).rejects.toThrow(/matches empty text/);
    await expect(refuse({ routes: [{ when: "down", rate: 1.5, project: archived.slug }] })).rejects.toThrow(/0 to 1/);
    expect(await db.auditEvent.count({ where: { projectId: from.id, action: "project.feedback_settings" } })).toBe(0);
  });

  it("stores, reads back and audits the settings; the CLI sets them from a file", async () => {
    const admin = await makeUser("admin");
    const from = await source();
    const demo = await makeProject("demonstration", 1);
    const saved = await updateFeedbackSettings(
      from.slug,
      {
        scrub: { ip: false },
        patterns: [{ name: "order_id", pattern: "ORD-\\d{6}" }],
        requireConsent: true,
        routes: [{ when: "down", rate: 0.25, project: demo.slug }],
      },
      admin.id,
    );
    expect(saved).toEqual({
      version: 1,
      scrub: { ip: false },
      patterns: [{ name: "order_id", pattern: "ORD-\\d{6}" }],
      requireConsent: true,
      routes: [{ when: "down", rate: 0.25, projectId: demo.id, project: demo.slug }],
    });
    expect(await feedbackSettingsOf(from.slug)).toEqual(saved);
    // What is read back can be sent back as it is.
    await updateFeedbackSettings(from.slug, saved, admin.id);
    const audit = await db.auditEvent.findMany({ where: { projectId: from.id, action: "project.feedback_settings" } });
    expect(audit).toHaveLength(2);
    expect(audit[0]!.actorId).toBe(admin.id);

    const file = path.join(tmpdir(), `feedback-${uniqueSuffix()}.json`);
    writeFileSync(file, JSON.stringify({ routes: [{ when: "edit", rate: 1, project: demo.slug }] }));
    const ok = runCli(["project", "set", "--slug", from.slug, "--feedback-settings-file", file]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({
      project: {
        slug: from.slug,
        feedbackSettings: {
          version: 1,
          scrub: {},
          patterns: [],
          requireConsent: false,
          routes: [{ when: "edit", rate: 1, projectId: demo.id, project: demo.slug }],
        },
      },
    });
    writeFileSync(file, JSON.stringify({ patterns: [{ name: "x", pattern: "(" }] }));
    const bad = runCli(["project", "set", "--slug", from.slug, "--feedback-settings-file", file]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/pattern x does not compile/);
  });
});

describe("the project page's Feedback tab", () => {
  it("is what ?tab=feedback shows, with or without events, for every kind that takes feedback", async () => {
    for (const kind of ["comparison", "ranking", "demonstration"] as const) {
      const project = await makeProject(kind, 1);
      const empty = await projectTabData(project.slug, "feedback");
      expect(empty?.tab).toBe("feedback");
      await sendFeedback(project.slug, [{ id: "e1", rating: "up" }]);
      const data = await projectTabData(project.slug, "feedback");
      expect(data?.tab).toBe("feedback");
      expect(data?.tab === "feedback" ? data.feedback.totals.events : null).toBe(1);
    }
  });
});
