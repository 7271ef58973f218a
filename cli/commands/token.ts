// token create | list | revoke
import { defineCommand, parseCommandOptions } from "@/cli/command";
import { tokenLifetimeDaysFlagSchema, tokenScopesFlagSchema } from "@/lib/validation/tokens";

const email = { type: "string", value: "E", required: true, help: "the token's owner" } as const;

export const tokenCreate = defineCommand({
  name: "token create",
  summary:
    'Creates an API token (Bearer auth for the HTTP API). Prints {"token": "rlhf_...", "id", "expiresAt", "scopes"}: the token is shown once and only its hash is stored.',
  options: {
    email,
    name: { type: "string", value: "N", help: 'what the token is for (default "cli")' },
    "expires-in-days": {
      type: "string",
      value: "N",
      help: "whole days from 1 to 3650 (default: valid until revoked)",
    },
    scopes: {
      type: "string",
      value: "a,b",
      help: "what it may do: label, admin, ingest (default label,admin; ingest only for admins)",
    },
  },
  async run(o) {
    const days = o["expires-in-days"];
    const expiresInDays =
      days === undefined ? undefined : parseCommandOptions(tokenLifetimeDaysFlagSchema, days, "expires-in-days");
    const scopes = o.scopes === undefined ? undefined : parseCommandOptions(tokenScopesFlagSchema, o.scopes, "scopes");
    const { createApiToken } = await import("@/lib/server/auth/api-tokens");
    const created = await createApiToken(o.email, null, o.name ?? "cli", { expiresInDays, scopes });
    return { token: created.token, id: created.id, expiresAt: created.expiresAt, scopes: created.scopes };
  },
});

export const tokenList = defineCommand({
  name: "token list",
  summary:
    'The user\'s tokens, newest first, never a secret. Prints {"tokens": [{"id", "name", "prefix", "createdAt", "lastUsedAt", "expiresAt", "revokedAt", "scopes"}]}.',
  options: { email },
  async run(o) {
    const { listApiTokens } = await import("@/lib/server/auth/api-tokens");
    return { tokens: await listApiTokens({ email: o.email }) };
  },
});

export const tokenRevoke = defineCommand({
  name: "token revoke",
  summary: 'Revokes a token (again: the same answer). Prints {"revoked": true}.',
  options: { id: { type: "string", value: "ID", required: true, help: "the token's id (from token list)" } },
  async run(o) {
    const { revokeApiToken } = await import("@/lib/server/auth/api-tokens");
    return revokeApiToken(null, o.id);
  },
});
