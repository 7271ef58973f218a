// Who may do what: every route handler, page and server action of the app against four
// kinds of caller. tests/unit/authz-matrix.test.ts fails when a route, page or action exists
// without an entry here (or an entry names one that no longer exists);
// tests/e2e/authz-matrix.spec.ts sends every request and visits every page as each caller.
//
// Adding a server action: give ACTIONS an entry keyed "file#exportedName" with
//   form:   the fields its page's <form> submits (name -> value, as the browser sends them:
//           strings; a checked checkbox is "on"), with values that make the call SUCCEED for
//           an admin. Build them from the AuthzContext (tests/e2e/support/authz-fixture.ts
//           makes the data; add a value there and to AuthzContext if the action needs one).
//   writes: the tables an admin's call changes (audit_events included).
//   leading (only if the action is not called as (previous state, form) by useActionState):
//           the arguments before the form: [] for a plain <form action={fn}>, the bound
//           values for fn.bind(null, ...).
// For example:
//   "app/(app)/admin/users/[id]/actions.ts#unlockAction": {
//     form: (c) => ({ userId: c.userId }),
//     writes: ["audit_events", "login_attempts"],
//   },
// If an admin's call needs something to act on (a locked account to unlock), make it in the
// fixture: a call that changes nothing fails the check as surely as one that is refused.
// An action served by a page with other dynamic segments than [slug], [itemId] and [id] (a
// person) needs their values in builtAction (tests/e2e/authz-matrix.spec.ts).
// The spec posts that form exactly as React does (tests/support/server-action-form.ts), as
// each caller: anonymous, outsider and member must be refused (redirect) with every table
// unchanged, and the admin's same call must succeed and change exactly `writes`, which
// proves the form reached the action. Entries run in order on one project; an entry that
// changes what later ones rely on (pausing the project) goes last.

import type { LeadingArguments } from "./server-action-form";

export type Caller = "anonymous" | "outsider" | "member" | "admin";
export const CALLERS: Caller[] = ["anonymous", "outsider", "member", "admin"];

/** Values the requests are built from (made by tests/e2e/support/authz-fixture.ts). */
export interface AuthzContext {
  slug: string;
  /** The task the member holds now (claimed when needed): its lease id and completion ids. */
  task: () => Promise<{ id: string; completions: string[] }>;
  exportId: string;
  userId: string;
  /** The spare user's email (added to the project by the members route). */
  spareEmail: string;
  /** An API token of the spare user (revoked by the tokens route). */
  spareTokenId: string;
  itemId: string;
  /** A completion of that item (the gold answer). */
  completionId: string;
  /** A labeler in the project other than the member (the one a removal removes). */
  leaverId: string;
  /** An API token of the leaver (revoked by the revoke action). */
  leaverTokenId: string;
  /** A labeler whose account the user actions change. */
  targetUserId: string;
  /** A model endpoint (pointing at the OpenAI stub the spec runs) that is read, changed and tested. */
  modelEndpointId: string;
  /** Model endpoints for the DELETE route and the remove action to remove. */
  modelToRemoveByRouteId: string;
  modelToRemoveByActionId: string;
  /** A queued generation job that nothing runs (read, then cancelled). */
  generationJobId: string;
  /** A cancelled generation job with a failed request (resumed). */
  generationToResumeId: string;
  /** An answer of the member's that can still be changed (made after the fixture's export). */
  answerId: string;
  /** The completion ids of that answer's task, as shown. */
  answerCompletions: string[];
  /** A conversation project the member is in (the admin is not), allowing own openings. */
  conversationSlug: string;
  /** The member's conversation there (from its one opening) and its lease. */
  conversationId: string;
  conversationLeaseId: string;
  /** The reply ids of the conversation's first turn, by position (read as the member). */
  conversationReplies: () => Promise<string[]>;
  /** AI judges of the project: read, changed and run; removed; one with a queued run (cancelled). */
  judges: { name: string; toRemove: string; cancelJudge: string; runId: string };
  unique: () => string;
}

export interface RouteEntry {
  /** Expected HTTP status per caller. */
  expect: Record<Caller, number>;
  path: (c: AuthzContext) => string | Promise<string>;
  body?: (c: AuthzContext) => unknown | Promise<unknown>;
  headers?: Record<string, string>;
  /** The member's request takes their lease (submit, skip): run it last. */
  consumesLease?: boolean;
}

const adminsOnly = (ok: number): Record<Caller, number> => ({ anonymous: 401, outsider: 403, member: 403, admin: ok });
/** Project work: not visible to outsiders (and admins who are not members): 404, never 403. */
const membersOnly = (ok: number): Record<Caller, number> => ({ anonymous: 401, outsider: 404, member: ok, admin: 404 });

/** Route handlers: "METHOD /path as in app/api" (dynamic segments in brackets). */
export const ROUTES: Record<string, RouteEntry> = {
  "GET /api/health": { expect: { anonymous: 200, outsider: 200, member: 200, admin: 200 }, path: () => "/api/health" },
  // next-auth's own endpoints (sign-in form post, session, CSRF token): public by design.
  "GET /api/auth/[...nextauth]": {
    expect: { anonymous: 200, outsider: 200, member: 200, admin: 200 },
    path: () => "/api/auth/csrf",
  },
  // A labeler's own answers: the author only; anyone else's looks missing (404). First: an
  // export (below) makes the answers before it final, and the member's edit would get 409.
  "GET /api/annotations": {
    expect: { anonymous: 401, outsider: 200, member: 200, admin: 200 },
    path: () => "/api/annotations",
  },
  "GET /api/annotations/[id]": { expect: membersOnly(200), path: (c) => `/api/annotations/${c.answerId}` },
  "PUT /api/annotations/[id]": {
    expect: membersOnly(200),
    path: (c) => `/api/annotations/${c.answerId}`,
    body: (c) => ({ ranking: [[c.answerCompletions[1]], [c.answerCompletions[0]]], strength: 1 }),
    headers: { "idempotency-key": "authz-matrix-edit" },
  },
  "POST /api/auth/[...nextauth]": {
    // A sign-in without next-auth's CSRF token is refused with a redirect to the error page.
    expect: { anonymous: 302, outsider: 302, member: 302, admin: 302 },
    path: () => "/api/auth/callback/credentials",
    body: () => ({ email: "nobody@example.com", password: "wrong" }),
  },
  "GET /api/projects": { expect: adminsOnly(200), path: () => "/api/projects" },
  "POST /api/projects": {
    expect: adminsOnly(201),
    path: () => "/api/projects",
    body: (c) => ({ slug: `authz-${c.unique()}`, kind: "comparison" }),
  },
  "POST /api/projects/[slug]/members": {
    expect: adminsOnly(201),
    path: (c) => `/api/projects/${c.slug}/members`,
    body: (c) => ({ email: c.spareEmail }),
  },
  // Peer review (docs/QUALITY.md): a member's role. The spare user is a member by now (above).
  "PATCH /api/projects/[slug]/members": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/members`,
    body: (c) => ({ email: c.spareEmail, role: "labeler" }),
  },
  "GET /api/projects/[slug]/reviews": { expect: adminsOnly(200), path: (c) => `/api/projects/${c.slug}/reviews` },
  "GET /api/projects/[slug]/reviews/settings": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/reviews/settings`,
  },
  "PUT /api/projects/[slug]/reviews/settings": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/reviews/settings`,
    body: () => ({ reviewRate: 0 }),
  },
  // The review queue is a reviewer's only: the matrix's member labels and does not review, and
  // an admin who is not a reviewer of the project is refused like anyone else (404, never 403).
  // A reviewer's 200s: tests/integration/peer-review.test.ts and tests/e2e/peer-review.spec.ts.
  "POST /api/projects/[slug]/reviews/next": {
    expect: { anonymous: 401, outsider: 404, member: 404, admin: 404 },
    path: (c) => `/api/projects/${c.slug}/reviews/next`,
  },
  "POST /api/reviews/[id]/decision": {
    expect: { anonymous: 401, outsider: 404, member: 404, admin: 404 },
    path: () => `/api/reviews/00000000-0000-4000-8000-000000000000/decision`,
    body: () => ({ action: "accept", revision: 1 }),
  },
  "POST /api/projects/[slug]/import": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/import`,
    body: (c) => `${JSON.stringify({ prompt: `Imported ${c.unique()}`, completions: ["a", "b"] })}\n`,
    headers: { "content-type": "application/x-ndjson" },
  },
  // Production feedback: an admin's token with the ingest scope (the admin's has every scope; the
  // others' tokens have the default label and admin, so they are refused for the scope).
  "POST /api/projects/[slug]/feedback": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/feedback`,
    body: (c) => ({
      events: [
        {
          id: `authz-${c.unique()}`,
          conversation: [{ role: "user", content: "Hello" }],
          response: "Hi there",
          rating: "up",
          occurredAt: "2026-01-31T12:00:00Z",
        },
      ],
    }),
  },
  "GET /api/projects/[slug]/export": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/export?format=raw`,
  },
  "GET /api/projects/[slug]/export/bundle": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/export/bundle?format=raw&split=${encodeURIComponent("train=0.5,test=0.5")}`,
  },
  "GET /api/projects/[slug]/agreement": { expect: adminsOnly(200), path: (c) => `/api/projects/${c.slug}/agreement` },
  "GET /api/projects/[slug]/leaderboard": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/leaderboard`,
  },
  "GET /api/projects/[slug]/judges/[name]/agreement": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/judges/${c.judges.name}/agreement`,
  },
  "GET /api/projects/[slug]/feedback/settings": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/feedback/settings`,
  },
  "PUT /api/projects/[slug]/feedback/settings": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/feedback/settings`,
    body: () => ({ scrub: { phone: false } }),
  },
  // Issue 16 (qual): the labeler quality program (docs/QUALITY.md). The settings change keeps the
  // project serving tasks (no qualification), so later entries still claim.
  "GET /api/projects/[slug]/quality/settings": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/quality/settings`,
  },
  "PUT /api/projects/[slug]/quality/settings": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/quality/settings`,
    body: () => ({ trainingItems: 0, attentionWindow: 10 }),
  },
  "GET /api/projects/[slug]/quality/standings": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/quality/standings`,
  },
  "POST /api/projects/[slug]/quality/standings/[id]": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/quality/standings/${c.leaverId}`,
    body: () => ({ action: "pass", reason: "authz matrix" }),
  },
  // No qualification demonstration to grade in the fixture: the admin gets past the checks to the
  // use case's own 404 ("No such qualification answer of this labeler").
  "POST /api/projects/[slug]/quality/standings/[id]/grades": {
    expect: adminsOnly(404),
    path: (c) => `/api/projects/${c.slug}/quality/standings/${c.leaverId}/grades`,
    body: () => ({ annotationId: "00000000-0000-4000-8000-000000000000", accepted: true }),
  },
  "PUT /api/projects/[slug]/items/[id]/gold": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/items/${c.itemId}/gold`,
    body: (c) => ({ best: c.completionId }),
  },
  "GET /api/exports/[id]": { expect: adminsOnly(200), path: (c) => `/api/exports/${c.exportId}` },
  "GET /api/users": { expect: adminsOnly(200), path: () => "/api/users" },
  "POST /api/users": {
    expect: adminsOnly(201),
    path: () => "/api/users",
    body: (c) => ({ email: `authz-${c.unique()}@test.example`, role: "labeler", password: "authz-password-1" }),
  },
  "PATCH /api/users/[id]": {
    expect: adminsOnly(200),
    path: (c) => `/api/users/${c.userId}`,
    body: () => ({ name: "Renamed by the matrix" }),
  },
  // Another user's token: only admins may revoke it; to anyone else it does not exist (404).
  // Revoking is idempotent, so the admin's call answers 200 however often the matrix runs.
  "DELETE /api/tokens/[id]": {
    expect: { anonymous: 401, outsider: 404, member: 404, admin: 200 },
    path: (c) => `/api/tokens/${c.spareTokenId}`,
  },
  "GET /api/models": { expect: adminsOnly(200), path: () => "/api/models" },
  "POST /api/models": {
    expect: adminsOnly(201),
    path: () => "/api/models",
    body: (c) => ({ name: `authz-${c.unique()}`, baseUrl: "http://127.0.0.1:8089/v1", model: "stub-careful" }),
  },
  "GET /api/models/[id]": { expect: adminsOnly(200), path: (c) => `/api/models/${c.modelEndpointId}` },
  "PATCH /api/models/[id]": {
    expect: adminsOnly(200),
    path: (c) => `/api/models/${c.modelEndpointId}`,
    body: () => ({ temperature: 0.5 }),
  },
  "DELETE /api/models/[id]": {
    expect: adminsOnly(200),
    path: (c) => `/api/models/${c.modelToRemoveByRouteId}`,
  },
  // The endpoint answers (the spec runs the stub), so the admin's test is a 200 with ok: true.
  "POST /api/models/[id]/test": {
    expect: adminsOnly(200),
    path: (c) => `/api/models/${c.modelEndpointId}/test`,
    body: () => ({ maxTokens: 2 }),
  },
  "GET /api/projects/[slug]/generations": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/generations`,
  },
  // Generates for the fixture's prompt that waits without completions (the stub answers).
  "POST /api/projects/[slug]/generations": {
    expect: adminsOnly(202),
    path: (c) => `/api/projects/${c.slug}/generations`,
    body: (c) => ({ models: [c.modelEndpointId], samples: 1 }),
  },
  "GET /api/generations/[id]": {
    expect: adminsOnly(200),
    path: (c) => `/api/generations/${c.generationJobId}`,
  },
  // A queued job with no requests: it stays queued until this cancel.
  "DELETE /api/generations/[id]": {
    expect: adminsOnly(200),
    path: (c) => `/api/generations/${c.generationJobId}`,
  },
  // A cancelled job with a failed request: the admin's resume queues it again.
  "POST /api/generations/[id]/resume": {
    expect: adminsOnly(202),
    path: (c) => `/api/generations/${c.generationToResumeId}/resume`,
  },
  "GET /api/projects/[slug]/judges": { expect: adminsOnly(200), path: (c) => `/api/projects/${c.slug}/judges` },
  "POST /api/projects/[slug]/judges": {
    expect: adminsOnly(201),
    path: (c) => `/api/projects/${c.slug}/judges`,
    body: (c) => ({ name: `j-${c.unique()}`, model: c.modelEndpointId }),
  },
  "GET /api/projects/[slug]/judges/[name]": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/judges/${c.judges.name}`,
  },
  "PATCH /api/projects/[slug]/judges/[name]": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/judges/${c.judges.name}`,
    body: () => ({ auditRate: 0.2 }),
  },
  "DELETE /api/projects/[slug]/judges/[name]": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/judges/${c.judges.toRemove}`,
  },
  "GET /api/projects/[slug]/judges/[name]/runs": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/judges/${c.judges.name}/runs`,
  },
  // Asks the stub about the fixture's items (its answers have no verdict: recorded as unparsed).
  "POST /api/projects/[slug]/judges/[name]/runs": {
    expect: adminsOnly(202),
    path: (c) => `/api/projects/${c.slug}/judges/${c.judges.name}/runs`,
    body: () => ({}),
  },
  "GET /api/projects/[slug]/judges/[name]/runs/[id]": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/judges/${c.judges.cancelJudge}/runs/${c.judges.runId}`,
  },
  // A queued run with no requests: it stays queued until this cancel.
  "DELETE /api/projects/[slug]/judges/[name]/runs/[id]": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/judges/${c.judges.cancelJudge}/runs/${c.judges.runId}`,
  },
  "GET /api/projects/[slug]/judge-suggestions": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/judge-suggestions`,
  },
  "PUT /api/projects/[slug]/judge-suggestions": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/judge-suggestions`,
    body: () => ({ showJudgeSuggestions: false }),
  },
  // Adaptive overlap and cost (docs/QUALITY.md): bounds cleared (no change to the project's slots).
  "GET /api/projects/[slug]/overlap": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/overlap`,
  },
  "PUT /api/projects/[slug]/overlap": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/overlap`,
    body: () => ({ overlapMin: null, overlapMax: null }),
  },
  "GET /api/projects/[slug]/cost": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/cost`,
  },
  "PUT /api/projects/[slug]/cost": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/cost`,
    body: () => ({ hourlyRate: 25 }),
  },
  "POST /api/projects/[slug]/tasks/next": {
    expect: membersOnly(200),
    path: (c) => `/api/projects/${c.slug}/tasks/next`,
  },
  "POST /api/tasks/[leaseId]/heartbeat": {
    expect: membersOnly(200),
    path: async (c) => `/api/tasks/${(await c.task()).id}/heartbeat`,
  },
  "PUT /api/tasks/[leaseId]/draft": {
    expect: membersOnly(200),
    path: async (c) => `/api/tasks/${(await c.task()).id}/draft`,
    body: () => ({ text: "a draft" }),
  },
  "POST /api/tasks/[leaseId]/skip": {
    expect: membersOnly(200),
    path: async (c) => `/api/tasks/${(await c.task()).id}/skip`,
    body: () => ({ reason: "testing who may skip" }),
    consumesLease: true,
  },
  "GET /api/projects/[slug]/progress": { expect: membersOnly(200), path: (c) => `/api/projects/${c.slug}/progress` },
  "POST /api/tasks/[leaseId]/submit": {
    expect: membersOnly(201),
    path: async (c) => `/api/tasks/${(await c.task()).id}/submit`,
    body: async (c) => ({ ranking: (await c.task()).completions.map((id) => [id]) }),
    headers: { "idempotency-key": "authz-matrix" },
    consumesLease: true,
  },
  // A conversation is its labeler's alone: anyone else, admins included, finds none (404). The
  // member's calls run in the order a conversation goes: open, add turn 1, stream it, choose, finish.
  "POST /api/tasks/[leaseId]/conversation": {
    expect: membersOnly(200),
    path: (c) => `/api/tasks/${c.conversationLeaseId}/conversation`,
  },
  "GET /api/conversations/[id]": { expect: membersOnly(200), path: (c) => `/api/conversations/${c.conversationId}` },
  "POST /api/conversations/[id]/turns": {
    expect: membersOnly(201),
    path: (c) => `/api/conversations/${c.conversationId}/turns`,
    body: () => ({ index: 0 }),
  },
  "GET /api/conversations/[id]/turns/[index]/stream": {
    expect: membersOnly(200),
    path: (c) => `/api/conversations/${c.conversationId}/turns/0/stream`,
  },
  // The member's reply is complete, so there is nothing to regenerate (409): past the access check.
  "POST /api/conversations/[id]/turns/[index]/replies/[position]/regenerate": {
    expect: membersOnly(409),
    path: (c) => `/api/conversations/${c.conversationId}/turns/0/replies/0/regenerate`,
  },
  "POST /api/conversations/[id]/turns/[index]/choice": {
    expect: membersOnly(200),
    path: (c) => `/api/conversations/${c.conversationId}/turns/0/choice`,
    body: async (c) => {
      const [a, b] = await c.conversationReplies();
      return { ranking: [[a], [b]], strength: 1 };
    },
    headers: { "idempotency-key": "authz-matrix-choice" },
  },
  "POST /api/conversations/[id]/finish": {
    expect: membersOnly(200),
    path: (c) => `/api/conversations/${c.conversationId}/finish`,
    body: () => ({}),
    headers: { "idempotency-key": "authz-matrix-finish" },
  },
  // The conversation above finished, so the member may open one of their own.
  "POST /api/projects/[slug]/conversations": {
    expect: membersOnly(201),
    path: (c) => `/api/projects/${c.conversationSlug}/conversations`,
  },
};

/** Where a page sends each caller: a status, or the path it redirects to. */
export type PageOutcome = 200 | 404 | "/login" | "/?denied=admin" | "/" | "/admin";

export const PAGES: Record<string, { expect: Record<Caller, PageOutcome>; path: (c: AuthzContext) => string }> = {
  // Signed-in people are sent on to their home: labelers to their projects, admins to the console.
  "/login": { expect: { anonymous: 200, outsider: "/", member: "/", admin: "/admin" }, path: () => "/login" },
  "/": { expect: { anonymous: "/login", outsider: 200, member: 200, admin: "/admin" }, path: () => "/" },
  "/answers": { expect: { anonymous: "/login", outsider: 200, member: 200, admin: 200 }, path: () => "/answers" },
  "/projects/[slug]/label": {
    expect: { anonymous: "/login", outsider: 404, member: 200, admin: 404 },
    path: (c) => `/projects/${c.slug}/label`,
  },
  // A reviewer's queue: the matrix's member is not a reviewer, so it looks missing to everyone.
  "/projects/[slug]/review": {
    expect: { anonymous: "/login", outsider: 404, member: 404, admin: 404 },
    path: (c) => `/projects/${c.slug}/review`,
  },
  "/admin": { expect: adminPage(), path: () => "/admin" },
  "/admin/audit": { expect: adminPage(), path: () => "/admin/audit" },
  "/admin/projects": { expect: adminPage(), path: () => "/admin/projects" },
  "/admin/projects/[slug]": { expect: adminPage(), path: (c) => `/admin/projects/${c.slug}` },
  "/admin/projects/[slug]/agreement": { expect: adminPage(), path: (c) => `/admin/projects/${c.slug}/agreement` },
  "/admin/projects/[slug]/judges/[name]/agreement": {
    expect: adminPage(),
    path: (c) => `/admin/projects/${c.slug}/judges/${c.judges.name}/agreement`,
  },
  "/admin/projects/[slug]/items": { expect: adminPage(), path: (c) => `/admin/projects/${c.slug}/items` },
  "/admin/projects/[slug]/items/[itemId]": {
    expect: adminPage(),
    path: (c) => `/admin/projects/${c.slug}/items/${c.itemId}`,
  },
  "/admin/projects/[slug]/conversations/[id]": {
    expect: adminPage(),
    path: (c) => `/admin/projects/${c.conversationSlug}/conversations/${c.conversationId}`,
  },
  "/admin/users": { expect: adminPage(), path: () => "/admin/users" },
  "/admin/models": { expect: adminPage(), path: () => "/admin/models" },
  "/admin/users/[id]": { expect: adminPage(), path: (c) => `/admin/users/${c.userId}` },
};

function adminPage(): Record<Caller, PageOutcome> {
  return { anonymous: "/login", outsider: "/?denied=admin", member: "/?denied=admin", admin: 200 };
}

/** A server action: the form its page submits, and what an admin's call changes. */
export interface ActionEntry {
  /** Field name -> value, valid: for an admin, this call succeeds. */
  form: (c: AuthzContext) => Record<string, string>;
  /** The tables an admin's call changes (every other caller's call must change none). */
  writes: string[];
  /** The arguments before the form; default [null], useActionState's first previous state. */
  leading?: LeadingArguments;
  /** Where an admin's successful call redirects ("/path?query"), for an action that does instead of answering. */
  redirectsTo?: (form: Record<string, string>) => string;
}

/**
 * Server actions: every exported action of a "use server" file. All are admin actions; the
 * unit test checks that each begins with `await requirePageAdmin()`.
 */
export const ACTIONS: Record<string, ActionEntry> = {
  "app/(app)/admin/projects/actions.ts#createProjectAction": {
    form: (c) => ({
      name: "Made by the matrix",
      slug: `authz-${c.unique()}`,
      kind: "comparison",
      overlap: "3",
      guidelines: "Prefer the more helpful reply.",
    }),
    writes: ["audit_events", "guideline_versions", "projects"],
    // The admin lands on the new project, whose overview lists the next steps.
    redirectsTo: (form) => `/admin/projects/${form.slug}?created=1`,
  },
  "app/(app)/admin/projects/[slug]/actions.ts#addMemberAction": {
    form: (c) => ({ slug: c.slug, email: c.spareEmail }),
    writes: ["audit_events", "memberships"],
  },
  // The spare user was added just above; they become a reviewer.
  "app/(app)/admin/projects/[slug]/actions.ts#setMemberRoleAction": {
    form: (c) => ({ slug: c.slug, email: c.spareEmail, role: "reviewer" }),
    writes: ["audit_events", "memberships"],
  },
  // A comparison project reviews nothing: 0% is the one rate it takes (recorded all the same).
  "app/(app)/admin/projects/[slug]/actions.ts#updateReviewSettingsAction": {
    form: (c) => ({ slug: c.slug, reviewPercent: "0" }),
    writes: ["audit_events"],
  },
  "app/(app)/admin/projects/[slug]/actions.ts#removeMemberAction": {
    form: (c) => ({ slug: c.slug, userId: c.leaverId }),
    writes: ["audit_events", "memberships"],
  },
  "app/(app)/admin/projects/[slug]/actions.ts#updateProjectAction": {
    form: (c) => ({
      slug: c.slug,
      name: "Renamed by the matrix",
      overlap: "2",
      leaseMinutes: "45",
      minDemoLength: "0",
      minCompletions: "2",
      maxCompletions: "2",
      flags: "harmful, off_topic",
      likertEnabled: "on",
      guidelines: "Prefer the more helpful reply; flag anything harmful.",
    }),
    // Overlap 1 -> 2 gives every item its second slot, and reopens the one the member answered.
    writes: ["audit_events", "guideline_versions", "items", "projects", "slots"],
  },
  "app/(app)/admin/projects/[slug]/actions.ts#updateConversationSettingsAction": {
    form: (c) => ({
      slug: c.conversationSlug,
      conversationMode: "red_team",
      replyCount: "2",
      replySource: "sample",
      endpoint0: "",
      minTurns: "1",
      maxTurns: "6",
      maxConcurrentGenerations: "2",
      tools: "",
      turnReviewPercent: "0",
      reviewProject: "",
    }),
    // The switch to red-team brings that mode's guidelines as a new version.
    writes: ["audit_events", "guideline_versions", "projects"],
  },
  "app/(app)/admin/projects/[slug]/feedback-actions.ts#updateFeedbackSettingsAction": {
    form: (c) => ({ slug: c.slug, settings: JSON.stringify({ requireConsent: true, scrub: { ip: false } }) }),
    writes: ["audit_events", "projects"],
  },
  "app/(app)/admin/projects/[slug]/quality-actions.ts#updateOverlapCostAction": {
    // Adaptive overlap left off (no slot changes), and an hourly rate.
    form: (c) => ({ slug: c.slug, overlapMin: "", overlapMax: "", overlapThreshold: "0.75", hourlyRate: "30" }),
    writes: ["audit_events", "projects"],
  },
  "app/(app)/admin/projects/[slug]/items/[itemId]/actions.ts#raiseItemOverlapAction": {
    // The item is still open (unanswered), so only a slot is added.
    form: (c) => ({ slug: c.slug, itemId: c.itemId }),
    writes: ["audit_events", "slots"],
  },
  "app/(app)/admin/projects/[slug]/items/[itemId]/actions.ts#setGoldAction": {
    form: (c) => ({ slug: c.slug, itemId: c.itemId, best: c.completionId }),
    writes: ["audit_events", "items"],
  },
  "app/(app)/admin/users/actions.ts#createUserAction": {
    form: (c) => ({
      email: `authz-${c.unique()}@test.example`,
      name: "Made by the matrix",
      password: "authz-password-1",
      role: "labeler",
    }),
    writes: ["audit_events", "users"],
  },
  "app/(app)/admin/users/actions.ts#updateUserAction": {
    form: (c) => ({ userId: c.targetUserId, active: "false" }),
    writes: ["audit_events", "users"],
  },
  "app/(app)/admin/users/actions.ts#resetPasswordAction": {
    // The reset also revokes the spare user's API token (the fixture gives them one).
    form: (c) => ({ userId: c.userId, password: "authz-new-password-1" }),
    writes: ["api_tokens", "audit_events", "users"],
  },
  "app/(app)/admin/users/actions.ts#revokeTokenAction": {
    form: (c) => ({ userId: c.leaverId, tokenId: c.leaverTokenId }),
    writes: ["api_tokens", "audit_events"],
  },
  "app/(app)/admin/users/actions.ts#unlockSignInAction": {
    // The fixture records failed sign-ins for the spare user, which the unlock clears.
    form: (c) => ({ userId: c.userId, email: c.spareEmail }),
    writes: ["audit_events", "login_attempts"],
  },
  "app/(app)/admin/users/actions.ts#createUsersInBulkAction": {
    form: (c) => ({ people: `authz-${c.unique()}@test.example, Bulk Person`, role: "labeler" }),
    writes: ["audit_events", "users"],
  },
  "app/(app)/admin/models/actions.ts#createModelEndpointAction": {
    // The key travels in the form and is stored encrypted.
    form: (c) => ({
      name: `authz-${c.unique()}`,
      baseUrl: "http://127.0.0.1:8089/v1",
      model: "stub-careful",
      apiKey: "sk-authz-matrix-key",
      apiKeyEnv: "",
      temperature: "0.7",
      topP: "",
      maxTokens: "64",
      seed: "",
      stop: "",
      maxConcurrency: "4",
      requestsPerMinute: "",
    }),
    writes: ["audit_events", "model_endpoints"],
  },
  "app/(app)/admin/models/actions.ts#testModelEndpointAction": {
    // Records the result on the endpoint; the stub the spec runs answers, so it succeeds
    // (before the update entry, which points the endpoint elsewhere).
    form: (c) => ({ id: c.modelEndpointId }),
    writes: ["model_endpoints"],
  },
  "app/(app)/admin/models/actions.ts#updateModelEndpointAction": {
    form: (c) => ({
      id: c.modelEndpointId,
      name: `authz-edited-${c.unique()}`,
      baseUrl: "http://127.0.0.1:8089/v1",
      model: "stub-terse",
      apiKey: "",
      apiKeyEnv: "",
      temperature: "",
      topP: "0.9",
      maxTokens: "",
      seed: "7",
      stop: "",
      maxConcurrency: "2",
      requestsPerMinute: "60",
    }),
    writes: ["audit_events", "model_endpoints"],
  },
  "app/(app)/admin/models/actions.ts#removeModelEndpointAction": {
    form: (c) => ({ id: c.modelToRemoveByActionId }),
    writes: ["audit_events", "model_endpoints"],
  },
  // Last: a paused project is what the entries above must not depend on.
  "app/(app)/admin/projects/[slug]/actions.ts#setProjectStatusAction": {
    form: (c) => ({ slug: c.slug, status: "paused" }),
    writes: ["audit_events", "projects"],
  },
};
