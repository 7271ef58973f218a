import "server-only";
import { randomBytes } from "node:crypto";
import { type z } from "zod";
import { emailSchema, type createUserSchema } from "@/lib/validation/users";
import { AppError } from "@/lib/server/errors";
import { createUser } from "@/lib/server/users/create-user";

export interface BulkResult {
  created: { email: string; name: string; password: string }[];
  refused: { line: number; text: string; reason: string }[];
}

export const MAX_BULK_USERS = 500;

/** A password to hand over once: 16 characters from 96 random bits. */
function generatedPassword(): string {
  return randomBytes(12).toString("base64url");
}

/**
 * Creates one account per line ("email" or "email, name"), each with its own generated
 * password, returned once so the admin can pass it on. Bad or taken lines are reported.
 */
export async function createUsersInBulk(
  text: string,
  role: z.infer<typeof createUserSchema>["role"],
  actorId: string,
): Promise<BulkResult> {
  const lines = text
    .split(/\r?\n/)
    .map((l, i) => ({ line: i + 1, text: l.trim() }))
    .filter((l) => l.text);
  if (lines.length > MAX_BULK_USERS) throw new AppError("bad_request", `at most ${MAX_BULK_USERS} people at a time`);
  const result: BulkResult = { created: [], refused: [] };
  for (const { line, text: entry } of lines) {
    const [rawEmail, ...rest] = entry.split(",");
    const email = emailSchema.safeParse(rawEmail);
    if (!email.success) {
      result.refused.push({ line, text: entry, reason: "not a valid email address" });
      continue;
    }
    const name = rest.join(",").trim() || undefined;
    const password = generatedPassword();
    try {
      const user = await createUser({ email: email.data, name, role, password }, actorId);
      result.created.push({ email: user.email, name: user.name, password });
    } catch (error) {
      if (error instanceof AppError) result.refused.push({ line, text: entry, reason: error.message });
      else throw error;
    }
  }
  return result;
}
