"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createUserSchema, passwordSchema, roleSchema } from "@/lib/validation/users";
import { runAction, type ActionState } from "@/lib/server/actions";
import { AppError } from "@/lib/server/errors";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { createUser } from "@/lib/server/users/create-user";
import { createUsersInBulk, type BulkResult } from "@/lib/server/users/create-users-in-bulk";
import { resetPassword } from "@/lib/server/users/reset-password";
import { revokeApiToken } from "@/lib/server/auth/api-tokens";
import { unlockAccount } from "@/lib/server/auth/unlock-account";
import { updateUser } from "@/lib/server/users/update-user";

export async function createUserAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction(
    "createUser",
    async () => {
      const input = createUserSchema.parse({
        email: form.get("email"),
        name: form.get("name") || undefined,
        role: form.get("role"),
        password: form.get("password"),
      });
      const user = await createUser(input, admin.id);
      revalidatePath("/admin/users");
      return `Created ${user.role} ${user.email}.`;
    },
    form,
  );
}

const updateFormSchema = z.object({
  userId: z.uuid(),
  role: roleSchema.optional(),
  active: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

export async function updateUserAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction("updateUser", async () => {
    const { userId, ...change } = updateFormSchema.parse({
      userId: form.get("userId"),
      role: form.get("role") ?? undefined,
      active: form.get("active") ?? undefined,
    });
    const user = await updateUser(admin, userId, change);
    revalidatePath("/admin/users");
    return `Updated ${user.email}.`;
  });
}

export async function resetPasswordAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction("resetPassword", async () => {
    const userId = z.uuid().parse(form.get("userId"));
    const password = passwordSchema.parse(form.get("password"));
    const { tokensRevoked } = await resetPassword(admin.id, { id: userId }, password);
    revalidatePath(`/admin/users/${userId}`);
    return `Password changed; their open sessions have ended${tokensRevoked ? ` and ${tokensRevoked} API token(s) were revoked` : ""}.`;
  });
}

const revokeTokenFormSchema = z.object({ userId: z.uuid(), tokenId: z.uuid() });

export async function revokeTokenAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction("revokeToken", async () => {
    const { userId, tokenId } = revokeTokenFormSchema.parse({
      userId: form.get("userId"),
      tokenId: form.get("tokenId"),
    });
    await revokeApiToken(admin, tokenId);
    revalidatePath(`/admin/users/${userId}`);
    return "Token revoked.";
  });
}

export async function unlockSignInAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction("unlockSignIn", async () => {
    const { userId, email } = z.object({ userId: z.uuid(), email: z.string().min(3).max(254) }).parse({
      userId: form.get("userId"),
      email: form.get("email"),
    });
    await unlockAccount(admin.id, email);
    revalidatePath(`/admin/users/${userId}`);
    return `Sign-in unlocked for ${email}.`;
  });
}

export type BulkState = { ok: boolean; message: string; result?: BulkResult } | null;

export async function createUsersInBulkAction(_previous: BulkState, form: FormData): Promise<BulkState> {
  const admin = await requirePageAdmin();
  const role = roleSchema.safeParse(form.get("role"));
  if (!role.success) return { ok: false, message: "Choose a role." };
  try {
    const result = await createUsersInBulk(String(form.get("people") ?? ""), role.data, admin.id);
    revalidatePath("/admin/users");
    return {
      ok: result.refused.length === 0,
      message: `Created ${result.created.length} account(s)${result.refused.length ? `; ${result.refused.length} line(s) refused` : ""}.`,
      result,
    };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message };
    console.error("server action createUsersInBulk failed", error);
    return { ok: false, message: "Something went wrong. Please try again." };
  }
}
