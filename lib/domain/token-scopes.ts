// What an API token may do (api_tokens.scopes; docs/API.md "Token scopes"). Pure, so that the
// rules are unit-tested alone and shared by the CLI, the server and the people page.
import { isAdmin, type Actor } from "@/lib/domain/permissions";

/**
 * label: tasks, answers and the labeling routes; admin: admin routes (for an admin user: the
 * role still decides); ingest: POST /api/projects/{slug}/feedback and nothing else.
 */
export const TOKEN_SCOPES = ["label", "admin", "ingest"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** A token made without --scopes; what a browser session counts as (never ingest). */
export const DEFAULT_TOKEN_SCOPES: readonly TokenScope[] = ["label", "admin"];

/** A session (browser cookie) acts with these; production feedback comes from services, with a token. */
export const SESSION_SCOPES: readonly TokenScope[] = DEFAULT_TOKEN_SCOPES;

/**
 * Why this user may not hold these scopes, or null. Only admins may hold `ingest`: an ingest
 * token writes into any project, so it is an admin's credential even when it can do nothing else.
 */
export function scopesProblem(owner: Actor, scopes: readonly TokenScope[]): string | null {
  if (scopes.includes("ingest") && !isAdmin(owner)) return 'only admins may hold the "ingest" scope';
  return null;
}

/** The scopes in the canonical order, each once. */
export function normalizeScopes(scopes: readonly TokenScope[]): TokenScope[] {
  return TOKEN_SCOPES.filter((s) => scopes.includes(s));
}
