import "server-only";
import { createUserSchema, type CreateUserInput } from "@/lib/validation/users";
import { inTransaction } from "@/lib/server/db/client";
import { isUniqueViolation } from "@/lib/server/db/query";
import { insertUser, type PublicUser } from "@/lib/server/users/user-queries";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";
import { hashPassword } from "@/lib/server/auth/password";

export type { PublicUser };

/** Admins create accounts (there is no open sign-up). `actorId` is null for the CLI and seed. */
export async function createUser(input: CreateUserInput, actorId: string | null): Promise<PublicUser> {
  const data = createUserSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await inTransaction(async (tx) => {
      const user = await insertUser(tx, {
        email: data.email,
        name: data.name ?? data.email.split("@")[0]!,
        role: data.role,
        passwordHash,
      });
      await recordAudit(tx, {
        actorId,
        action: "user.create",
        entityType: "user",
        entityId: user.id,
        after: { email: user.email, name: user.name, role: user.role },
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) {
      throw new AppError("conflict", `a user with email ${data.email} already exists`);
    }
    throw error;
  }
}
