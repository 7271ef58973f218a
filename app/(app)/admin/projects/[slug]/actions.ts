"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addMemberSchema, slugSchema } from "@/lib/validation/projects";
import { runAction, type ActionState } from "@/lib/server/actions";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { addProjectMember } from "@/lib/server/projects/add-member";
import { removeProjectMember } from "@/lib/server/projects/remove-member";

export async function addMemberAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction(
    "addMember",
    async () => {
      const slug = slugSchema.parse(form.get("slug"));
      const { email } = addMemberSchema.parse({ email: form.get("email") });
      const result = await addProjectMember(slug, email, admin.id);
      revalidatePath(`/admin/projects/${slug}`);
      return result.added ? `Added ${email}.` : `${email} is already a member.`;
    },
    form,
  );
}

const removeSchema = z.object({ slug: slugSchema, userId: z.uuid() });

export async function removeMemberAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction("removeMember", async () => {
    const { slug, userId } = removeSchema.parse({ slug: form.get("slug"), userId: form.get("userId") });
    const { released } = await removeProjectMember(slug, userId, admin.id);
    revalidatePath(`/admin/projects/${slug}`);
    return released ? `Removed; ${released} task(s) they held went back to the queue.` : "Removed.";
  });
}
