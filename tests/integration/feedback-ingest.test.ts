// Production feedback ingest (docs/FEEDBACK.md): POST /api/projects/{slug}/feedback with an
// admin's ingest token, per-event validation (one bad event per kind), idempotency, PII
// scrubbing end to end, consent, and the CLI's `feedback import` through the same use case.
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { POST as feedbackRoute } from "@/app/api/projects/[slug]/feedback/route";
import bodyLimits from "@/lib/body-limits.json";
import { createApiToken } from "@/lib/server/auth/api-tokens";
import { db } from "@/lib/server/db/client";
import { updateFeedbackSettings } from "@/lib/server/feedback/feedback-settings";
import { ingestFeedback } from "@/lib/server/feedback/ingest-feedback";
import { setProjectStatus } from "@/lib/server/queue/project-status";
import { makeConversationProject } from "../support/conversation-factories";
import { makeProject, makeUser, uniqueSuffix } from "../support/factories";
import { runCli } from "../support/run-cli";

afterAll(() => db.$disconnect());

const event = (over: Record<string, unknown> = {}) => ({
  id: `ev-${uniqueSuffix()}`,
  conversation: [{ role: "user", content: "How do I reset my password?" }],
  response: "Open Settings, then Security, then Reset.",
  rating: "down",
  occurredAt: "2026-01-31T12:00:00Z",
  ...over,
});

async function ingestToken() {
  const admin = await makeUser("admin");
  return (await createApiToken(admin.email, null, "ingest", { scopes: ["ingest"] })).token;
}

function post(slug: string, token: string | null, body: unknown, headers: Record<string, string> = {}) {
  return feedbackRoute(
    new Request(`http://localhost/api/projects/${slug}/feedback`, {
      method: "POST",
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({ slug }) },
  );
}

const storedOf = (projectId: string) =>
  db.feedbackEvent.findMany({ where: { projectId }, orderBy: { eventId: "asc" } });

describe("POST /api/projects/{slug}/feedback", () => {
  it("stores a batch and answers with each event's fate by index", async () => {
    const project = await makeProject("comparison");
    const token = await ingestToken();
    const events = [
      event({ id: "a", rating: "up", model: "m-1", user: "u-1" }),
      event({ id: "b", rating: 4, edit: "Settings > Security > Reset." }),
      event({
        id: "c",
        alternatives: [
          { text: "x", chosen: false },
          { text: "y", chosen: true },
        ],
        metadata: { app: "web" },
      }),
    ];
    const answer = await post(project.slug, token, { events });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      accepted: [
        { index: 0, id: "a" },
        { index: 1, id: "b" },
        { index: 2, id: "c" },
      ],
      duplicates: [],
      refused: [],
    });
    const rows = await storedOf(project.id);
    expect(rows.map((r) => [r.eventId, r.thumb, r.score, r.edit, r.model, r.userRef])).toEqual([
      ["a", true, null, null, "m-1", "u-1"],
      ["b", null, 4, "Settings > Security > Reset.", null, null],
      ["c", false, null, null, null, null],
    ]);
    expect(rows[2]!.alternatives).toEqual([
      { text: "x", chosen: false },
      { text: "y", chosen: true },
    ]);
    expect(rows[0]!.alternatives).toBeNull();
    expect(rows[2]!.metadata).toEqual({ app: "web" });
    expect(rows[0]!.occurredAt.toISOString()).toBe("2026-01-31T12:00:00.000Z");
    expect(rows[0]!.scrubbed).toEqual({});
  });

  it("refuses one bad event per kind with its index and reason, storing none of them", async () => {
    const project = await makeProject("ranking");
    const token = await ingestToken();
    const { id: _id, ...noId } = event();
    void _id;
    const bad: [unknown, RegExp][] = [
      [noId, /^id is required$/],
      [event({ rating: "meh" }), /rating must be "up", "down" or a whole number from 1 to 5/],
      [event({ rating: 6 }), /rating must be/],
      [event({ rating: 2.5 }), /rating must be/],
      [event({ occurredAt: "yesterday" }), /occurredAt must be an ISO 8601 time/],
      [event({ occurredAt: "2026-01-31T12:00:00" }), /occurredAt must be an ISO 8601 time/],
      [
        event({
          alternatives: [
            { text: "x", chosen: true },
            { text: "y", chosen: true },
          ],
        }),
        /at most one alternative can be chosen/,
      ],
      [event({ response: "x".repeat(100_001) }), /response is longer than 100,000 characters/],
      [event({ conversation: [{ role: "robot", content: "hi" }] }), /conversation\.0\.role: role must be/],
      [event({ conversation: [] }), /conversation needs at least one message/],
      [event({ metadata: { blob: "x".repeat(20_000) } }), /metadata is \d+ bytes as JSON; at most 16384/],
      [event({ metadata: "a string" }), /^metadata: /],
      [event({ metadata: { bad: "nul \u0000 here" } }), /metadata\.bad: contains a NUL character/],
      [event({ response: "lone \ud800" }), /response: contains a lone surrogate/],
      [event({ ratng: "up" }), /Unrecognized key/i],
      ["not an object", /expected object/i],
    ];
    const good = event();
    const answer = await post(project.slug, token, { events: [...bad.map(([e]) => e), good] });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { accepted: unknown[]; refused: { index: number; reason: string }[] };
    expect(body.accepted).toEqual([{ index: bad.length, id: good.id }]);
    expect(body.refused.map((r) => r.index)).toEqual(bad.map((_, i) => i));
    bad.forEach(([, reason], i) => expect(body.refused[i]!.reason, `event ${i}`).toMatch(reason));
    expect((await storedOf(project.id)).map((r) => r.eventId)).toEqual([good.id]);
  });

  it("is idempotent: the same ids again are duplicates and change nothing, even with other content", async () => {
    const project = await makeProject("demonstration", 1);
    const token = await ingestToken();
    const first = [event({ id: "same-1" }), event({ id: "same-2", rating: 5 })];
    expect((await (await post(project.slug, token, { events: first })).json()).accepted).toHaveLength(2);
    const before = await storedOf(project.id);

    const changed = [
      event({ id: "same-1", response: "Something else entirely", rating: "up" }),
      event({ id: "new-1" }),
      event({ id: "same-2", rating: 1 }),
      event({ id: "new-1", response: "twice in one batch" }),
    ];
    expect(await (await post(project.slug, token, { events: changed })).json()).toEqual({
      accepted: [{ index: 1, id: "new-1" }],
      duplicates: [
        { index: 0, id: "same-1" },
        { index: 2, id: "same-2" },
        { index: 3, id: "new-1" },
      ],
      refused: [],
    });
    const after = await storedOf(project.id);
    expect(after.filter((r) => r.eventId !== "new-1")).toEqual(before);
    expect(after.find((r) => r.eventId === "new-1")!.response).toBe("Open Settings, then Security, then Reset.");
  });

  it("scrubs PII from every free text before storing, counting replacements per kind", async () => {
    const project = await makeProject("comparison");
    await db.project.update({
      where: { id: project.id },
      data: { feedbackSettings: { scrub: { ip: false }, patterns: [{ name: "order_id", pattern: "ORD-\\d{6}" }] } },
    });
    const token = await ingestToken();
    const sent = event({
      id: "pii",
      user: "user-7",
      conversation: [
        { role: "system", content: "Support bot." },
        { role: "user", content: "I'm jane@example.com, call +44 20 7946 0958 about ORD-123456 from 10.1.2.3" },
      ],
      response: "Card 4111 1111 1111 1111 was charged on 2024-01-15 for v1.2.3.",
      edit: "Your card [redacted] was charged; we'll mail jane@example.com.",
      alternatives: [{ text: "Call (555) 123-4567", chosen: true }],
      metadata: { contact: "bob@example.org", attempts: 3, ip: "10.1.2.3" },
    });
    expect((await (await post(project.slug, token, { events: [sent] })).json()).accepted).toHaveLength(1);
    const [row] = await storedOf(project.id);
    expect(row!.conversation).toEqual([
      { role: "system", content: "Support bot." },
      { role: "user", content: "I'm [EMAIL], call [PHONE] about [ORDER_ID] from 10.1.2.3" },
    ]);
    expect(row!.response).toBe("Card [CARD] was charged on 2024-01-15 for v1.2.3.");
    expect(row!.edit).toBe("Your card [redacted] was charged; we'll mail [EMAIL].");
    expect(row!.alternatives).toEqual([{ text: "Call [PHONE]", chosen: true }]);
    expect(row!.metadata).toEqual({ contact: "[EMAIL]", attempts: 3, ip: "10.1.2.3" });
    expect(row!.scrubbed).toEqual({ email: 3, phone: 2, card: 1, order_id: 1 });
    expect(row!.userRef).toBe("user-7");
  });

  it("runs a project's patterns in linear time: a backtracking pattern cannot hold the server", async () => {
    const project = await makeProject("comparison");
    // Passes the static check (no nested repetition), but backtracks polynomially: with V8's
    // backtracking engine 600 digits took 20 s (800 here: about a minute; 100,000: days).
    await expect(
      updateFeedbackSettings(project.slug, { patterns: [{ name: "digits", pattern: "\\d+\\d+\\d+x" }] }, null),
    ).resolves.toMatchObject({ patterns: [{ name: "digits" }] });
    const token = await ingestToken();
    const started = Date.now();
    const sent = event({ id: "long", response: `${"1".repeat(800)} 123x` });
    expect((await (await post(project.slug, token, { events: [sent] })).json()).accepted).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    const [row] = await storedOf(project.id);
    expect(row!.response).toBe(`${"1".repeat(800)} [DIGITS]`);

    // What the linear engine cannot run is refused when saved, naming the pattern.
    await expect(
      updateFeedbackSettings(project.slug, { patterns: [{ name: "look", pattern: "(?<=id )\\d{6}" }] }, null),
    ).rejects.toThrow(/pattern look cannot run in linear time/);
  });

  it("drops events without consent when the project requires it, reported as refused", async () => {
    const project = await makeProject("comparison");
    await db.project.update({ where: { id: project.id }, data: { feedbackSettings: { requireConsent: true } } });
    const token = await ingestToken();
    const events = [event({ id: "yes", consent: true }), event({ id: "no", consent: false }), event({ id: "unsaid" })];
    expect(await (await post(project.slug, token, { events })).json()).toEqual({
      accepted: [{ index: 0, id: "yes" }],
      duplicates: [],
      refused: [
        { index: 1, id: "no", reason: "no consent" },
        { index: 2, id: "unsaid", reason: "no consent" },
      ],
    });
    expect((await storedOf(project.id)).map((r) => r.eventId)).toEqual(["yes"]);
  });

  it("refuses a whole request that is not a batch, too large, or for a project that takes no feedback", async () => {
    const project = await makeProject("comparison");
    const token = await ingestToken();
    const codeOf = async (answer: Response) => [
      answer.status,
      ((await answer.json()) as { error: { code: string } }).error.code,
    ];
    expect(await codeOf(await post(project.slug, token, "{"))).toEqual([400, "bad_request"]);
    expect(await codeOf(await post(project.slug, token, { events: [] }))).toEqual([400, "bad_request"]);
    expect(await codeOf(await post(project.slug, token, [event()]))).toEqual([400, "bad_request"]);
    const tooMany = { events: Array.from({ length: 1001 }, () => event()) };
    expect(await codeOf(await post(project.slug, token, tooMany))).toEqual([400, "bad_request"]);
    const huge = JSON.stringify({ events: [event({ response: "x".repeat(bodyLimits.feedbackBytes) })] });
    expect(await codeOf(await post(project.slug, token, huge))).toEqual([413, "too_large"]);
    expect(await codeOf(await post("no-such-project", token, { events: [event()] }))).toEqual([404, "not_found"]);

    const conversation = await makeConversationProject();
    const refused = await post(conversation.slug, token, { events: [event()] });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /conversation project takes no production feedback/,
    );
    const admin = await makeUser("admin");
    await setProjectStatus(project.slug, "archived", admin.id);
    expect(await codeOf(await post(project.slug, token, { events: [event()] }))).toEqual([409, "conflict"]);
    expect(await storedOf(project.id)).toEqual([]);
  });
});

describe("who may send feedback", () => {
  it("needs an admin's token with the ingest scope", async () => {
    const project = await makeProject("comparison");
    const body = { events: [event()] };
    const admin = await makeUser("admin");
    const labelAdmin = (await createApiToken(admin.email, null)).token; // label, admin: the default
    const refused = await post(project.slug, labelAdmin, body);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: { code: "forbidden", message: 'This API token lacks the "ingest" scope (it has "label", "admin")' },
    });
    // No Authorization at all: requireApiIngest's session path, tested below.
    expect((await post(project.slug, "rlhf_not-a-token", body)).status).toBe(401);

    // Only admins may hold ingest; one demoted afterwards is refused at once.
    const labeler = await makeUser();
    await expect(createApiToken(labeler.email, null, "x", { scopes: ["ingest"] })).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/only admins may hold the "ingest" scope/),
    });
    const demoted = await makeUser("admin");
    const token = (await createApiToken(demoted.email, null, "x", { scopes: ["ingest"] })).token;
    expect((await post(project.slug, token, body)).status).toBe(200);
    await db.user.update({ where: { id: demoted.id }, data: { role: "labeler" } });
    expect((await post(project.slug, token, { events: [event()] })).status).toBe(403);
  });

  it("refuses a browser session, even an admin's", async () => {
    const { requireApiIngest } = await import("@/lib/server/auth/session");
    const admin = await makeUser("admin");
    const request = new Request("http://localhost/api/projects/x/feedback", { method: "POST" });
    await expect(requireApiIngest(request, async () => admin)).rejects.toMatchObject({
      code: "forbidden",
      message: 'Feedback is sent with an API token that has the "ingest" scope, not a session',
    });
    await expect(requireApiIngest(request, async () => null)).rejects.toMatchObject({ code: "unauthenticated" });
  });
});

describe("feedback import (CLI)", () => {
  it("streams a JSONL file through the same checks, reporting refused lines by number", async () => {
    const project = await makeProject("comparison");
    const dir = await mkdtemp(path.join(os.tmpdir(), "feedback-import-"));
    const file = path.join(dir, "events.jsonl");
    const lines = [
      JSON.stringify(event({ id: "l1", response: "mail me at a@b.io" })),
      "{not json",
      "",
      JSON.stringify(event({ id: "l4", rating: 9 })),
      JSON.stringify(event({ id: "l1" })),
      JSON.stringify(event({ id: "l6" })),
    ];
    await writeFile(file, `${lines.join("\n")}\n`);
    const run = runCli(["feedback", "import", "--project", project.slug, "--file", file]);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as {
      accepted: number;
      duplicates: number;
      errors: { line: number; reason: string }[];
    };
    expect(report.accepted).toBe(2);
    expect(report.duplicates).toBe(1);
    expect(report.errors.map((e) => e.line)).toEqual([2, 4]);
    expect(report.errors[0]!.reason).toMatch(/^malformed JSON/);
    expect(report.errors[1]!.reason).toMatch(/rating must be/);
    expect(run.stderr).toMatch(/2 line\(s\) refused \(first: line 2: malformed JSON/);
    const rows = await storedOf(project.id);
    expect(rows.map((r) => r.eventId)).toEqual(["l1", "l6"]);
    expect(rows[0]!.response).toBe("mail me at [EMAIL]");

    // Again: everything is a duplicate now, and a clean file exits 0.
    await writeFile(file, `${lines[0]}\n${lines[5]}\n`);
    const again = runCli(["feedback", "import", "--project", project.slug, "--file", file]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ accepted: 0, duplicates: 2, errors: [] });
    const missing = runCli(["feedback", "import", "--project", "no-such-project", "--file", file]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no project with slug no-such-project/);
  });

  it("runs the same use case in batches: many events, one call per batch", async () => {
    const project = await makeProject("comparison");
    const events = Array.from({ length: 1000 }, (_, i) => event({ id: `bulk-${i}` }));
    const outcome = await ingestFeedback({ slug: project.slug, events });
    expect(outcome.accepted).toHaveLength(1000);
    expect(await db.feedbackEvent.count({ where: { projectId: project.id } })).toBe(1000);
  });
});
