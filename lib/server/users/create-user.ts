import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { createUserSchema, type CreateUserInput } from "@/lib/validation/users";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit";
import { hashPassword } from "@/lib/server/auth/password";

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: "admin" | "labeler";
  active: boolean;
  createdAt: Date;
}

export const publicUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  active: true,
  createdAt: true,
} as const;

/** Admins create accounts (there is no open sign-up). `actorId` is null for the CLI and seed. */
export async function createUser(input: CreateUserInput, actorId: string | null): Promise<PublicUser> {
  const data = createUserSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: data.email, name: data.name ?? data.email.split("@")[0]!, role: data.role, passwordHash },
        select: publicUserSelect,
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
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", `a user with email ${data.email} already exists`);
    }
    throw error;
  }
}
