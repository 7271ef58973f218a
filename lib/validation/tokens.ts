import { z } from "zod";

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
