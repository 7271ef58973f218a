// Who may do what. Pure functions so that the rules are unit-tested on their own and
// called by every page, route handler, server action and CLI command.
export type Role = "admin" | "labeler";

export interface Actor {
  id: string;
  role: Role;
}

export function isAdmin(actor: Actor | null | undefined): boolean {
  return actor?.role === "admin";
}

/** Admin pages and admin APIs: projects, people, imports, exports, audit log. */
export function canAdminister(actor: Actor | null | undefined): boolean {
  return isAdmin(actor);
}

/** An admin must not lock the last way in: no self-deactivation, no self-demotion. */
export function canChangeAccount(actor: Actor, targetUserId: string, change: "deactivate" | "role"): boolean {
  if (!isAdmin(actor)) return false;
  return !(actor.id === targetUserId && (change === "deactivate" || change === "role"));
}

/**
 * Revoking an API token: admins revoke anyone's; a user revokes their own (a leaked token
 * should not wait for an admin). Anyone else must not learn the token exists (404).
 */
export function canRevokeToken(actor: Actor, tokenOwnerId: string): boolean {
  return isAdmin(actor) || actor.id === tokenOwnerId;
}
