import { z } from "zod";
import { normalizeScopes, TOKEN_SCOPES } from "@/lib/domain/token-scopes";

/** A token's lifetime in whole days; none means it lasts until revoked. */
export const tokenLifetimeDaysSchema = z
  .number()
  .int("--expires-in-days must be a whole number of days")
  .min(1, "--expires-in-days must be at least 1")
  .max(3650, "--expires-in-days must be at most 3650");

export const tokenNameSchema = z.string().trim().min(1, "name is required").max(120, "name is too long");

export const tokenIdSchema = z.uuid();

/** The lifetime as the CLI's `--expires-in-days` gives it: digits only, then the rule above. */
export const tokenLifetimeDaysFlagSchema = z
  .string()
  .regex(/^[0-9]+$/, "--expires-in-days must be a whole number of days")
  .transform(Number)
  .pipe(tokenLifetimeDaysSchema);

/** A token's scopes: at least one, each known (the database CHECK holds the same list). */
export const tokenScopesSchema = z
  .array(z.enum(TOKEN_SCOPES, `scopes are ${TOKEN_SCOPES.join(", ")}`))
  .min(1, "give at least one scope")
  .transform(normalizeScopes);

/** The scopes as the CLI's `--scopes label,admin,ingest` gives them. */
export const tokenScopesFlagSchema = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(tokenScopesSchema);
