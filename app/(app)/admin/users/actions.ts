"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createUserSchema, roleSchema } from "@/lib/validation/users";
import { runAction, type ActionState } from "@/lib/server/actions";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { createUser } from "@/lib/server/users/create-user";
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
