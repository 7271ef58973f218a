import "server-only";
import { passwordSchema } from "@/lib/validation/users";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit";
import { hashPassword } from "@/lib/server/auth/password";

/** Sets a new password chosen by an admin; the user's open sessions end. */
export async function resetPassword(actorId: string, userId: string, password: string): Promise<void> {
  const hash = await hashPassword(passwordSchema.parse(password));
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!user) throw new AppError("not_found", "No such user");
    await tx.user.update({ where: { id: userId }, data: { passwordHash: hash, sessionVersion: { increment: 1 } } });
    // The password itself is never recorded.
    await recordAudit(tx, {
      actorId,
      action: "user.reset_password",
      entityType: "user",
      entityId: userId,
      after: { email: user.email },
    });
  });
}
