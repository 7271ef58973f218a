"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { slugSchema } from "@/lib/validation/projects";
import { runAction, type ActionState } from "@/lib/server/actions";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { requireProject } from "@/lib/server/projects/require-project";
import { raiseItemOverlap } from "@/lib/server/items/raise-item-overlap";
import { setGoldFromLetters } from "@/lib/server/items/set-gold-item";
import { goldExplanationSchema, goldRoleSchema } from "@/lib/validation/quality";

const schema = z.object({ slug: slugSchema, itemId: z.uuid() });

export async function raiseItemOverlapAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction("raiseItemOverlap", async () => {
    const { slug, itemId } = schema.parse({ slug: form.get("slug"), itemId: form.get("itemId") });
    const project = await requireProject(slug);
    await raiseItemOverlap(project.id, itemId, admin.id);
    revalidatePath(`/admin/projects/${slug}/items/${itemId}`);
    return "Reopened: one more labeler will answer this item.";
  });
}

const goldSchema = schema.extend({
  best: z.union([z.uuid(), z.literal("")]),
  // Issue 16 (qual): the role, the explanation, and the expected ranking and flags in letters.
  role: z.union([goldRoleSchema, z.literal("")]).optional(),
  ranking: z.string().max(200).optional(),
  flags: z.string().max(2000).optional(),
  explanation: goldExplanationSchema.optional(),
});

export async function setGoldAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction("setGold", async () => {
    const { slug, itemId, best, role, ranking, flags, explanation } = goldSchema.parse({
      slug: form.get("slug"),
      itemId: form.get("itemId"),
      best: form.get("best") ?? "",
      role: form.get("role") ?? undefined,
      ranking: form.get("ranking") ?? undefined,
      flags: form.get("flags") ?? undefined,
      explanation: form.get("explanation") ?? undefined,
    });
    const saved = await setGoldFromLetters(slug, itemId, { best, role, ranking, flags, explanation }, admin.id);
    revalidatePath(`/admin/projects/${slug}/items/${itemId}`);
    if (!saved.isGold) return "No longer gold.";
    return saved.unusable ? `Saved, but not used as a check: ${saved.unusable}` : "Marked as gold.";
  });
}
