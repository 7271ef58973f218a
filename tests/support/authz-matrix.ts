// Who may do what: every route handler, page and server action of the app against four
// kinds of caller. tests/unit/authz-matrix.test.ts fails when a route, page or action exists
// without an entry here (or an entry names one that no longer exists);
// tests/e2e/authz-matrix.spec.ts sends every request and visits every page as each caller.

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
  itemId: string;
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
  "POST /api/projects/[slug]/import": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/import`,
    body: (c) => `${JSON.stringify({ prompt: `Imported ${c.unique()}`, completions: ["a", "b"] })}\n`,
    headers: { "content-type": "application/x-ndjson" },
  },
  "GET /api/projects/[slug]/export": {
    expect: adminsOnly(200),
    path: (c) => `/api/projects/${c.slug}/export?format=raw`,
  },
  "GET /api/projects/[slug]/agreement": { expect: adminsOnly(200), path: (c) => `/api/projects/${c.slug}/agreement` },
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
  "POST /api/tasks/[leaseId]/submit": {
    expect: membersOnly(201),
    path: async (c) => `/api/tasks/${(await c.task()).id}/submit`,
    body: async (c) => ({ ranking: (await c.task()).completions.map((id) => [id]) }),
    headers: { "idempotency-key": "authz-matrix" },
    consumesLease: true,
  },
};

/** Where a page sends each caller: a status, or the path it redirects to. */
export type PageOutcome = 200 | 404 | "/login" | "/?denied=admin" | "/" | "/admin";

export const PAGES: Record<string, { expect: Record<Caller, PageOutcome>; path: (c: AuthzContext) => string }> = {
  // Signed-in people are sent on to their home: labelers to their projects, admins to the console.
  "/login": { expect: { anonymous: 200, outsider: "/", member: "/", admin: "/admin" }, path: () => "/login" },
  "/": { expect: { anonymous: "/login", outsider: 200, member: 200, admin: "/admin" }, path: () => "/" },
  "/projects/[slug]/label": {
    expect: { anonymous: "/login", outsider: 404, member: 200, admin: 404 },
    path: (c) => `/projects/${c.slug}/label`,
  },
  "/admin": { expect: adminPage(), path: () => "/admin" },
  "/admin/audit": { expect: adminPage(), path: () => "/admin/audit" },
  "/admin/projects": { expect: adminPage(), path: () => "/admin/projects" },
  "/admin/projects/[slug]": { expect: adminPage(), path: (c) => `/admin/projects/${c.slug}` },
  "/admin/projects/[slug]/agreement": { expect: adminPage(), path: (c) => `/admin/projects/${c.slug}/agreement` },
  "/admin/projects/[slug]/items": { expect: adminPage(), path: (c) => `/admin/projects/${c.slug}/items` },
  "/admin/projects/[slug]/items/[itemId]": {
    expect: adminPage(),
    path: (c) => `/admin/projects/${c.slug}/items/${c.itemId}`,
  },
  "/admin/users": { expect: adminPage(), path: () => "/admin/users" },
  "/admin/users/[id]": { expect: adminPage(), path: (c) => `/admin/users/${c.userId}` },
};

function adminPage(): Record<Caller, PageOutcome> {
  return { anonymous: "/login", outsider: "/?denied=admin", member: "/?denied=admin", admin: 200 };
}

/**
 * Server actions: every exported action of a "use server" file. All are admin actions; the
 * unit test checks that each begins with `await requirePageAdmin()`.
 */
export const ACTIONS: Record<string, "admin"> = {
  "app/(app)/admin/projects/actions.ts#createProjectAction": "admin",
  "app/(app)/admin/projects/[slug]/actions.ts#addMemberAction": "admin",
  "app/(app)/admin/projects/[slug]/actions.ts#removeMemberAction": "admin",
  "app/(app)/admin/projects/[slug]/actions.ts#updateProjectAction": "admin",
  "app/(app)/admin/projects/[slug]/actions.ts#setProjectStatusAction": "admin",
  "app/(app)/admin/projects/[slug]/items/[itemId]/actions.ts#raiseItemOverlapAction": "admin",
  "app/(app)/admin/projects/[slug]/items/[itemId]/actions.ts#setGoldAction": "admin",
  "app/(app)/admin/users/actions.ts#createUserAction": "admin",
  "app/(app)/admin/users/actions.ts#updateUserAction": "admin",
  "app/(app)/admin/users/actions.ts#resetPasswordAction": "admin",
  "app/(app)/admin/users/actions.ts#createUsersInBulkAction": "admin",
  "app/(app)/admin/users/actions.ts#unlockSignInAction": "admin",
};
