"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { slugSchema } from "@/lib/validation/projects";
import { runAction, type ActionState } from "@/lib/server/actions";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { requireProject } from "@/lib/server/projects/require-project";
import { raiseItemOverlap } from "@/lib/server/items/raise-item-overlap";
import { setGold } from "@/lib/server/items/set-gold";

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

const goldSchema = schema.extend({ best: z.union([z.uuid(), z.literal("")]) });

export async function setGoldAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction("setGold", async () => {
    const { slug, itemId, best } = goldSchema.parse({
      slug: form.get("slug"),
      itemId: form.get("itemId"),
      best: form.get("best") ?? "",
    });
    const project = await requireProject(slug);
    await setGold(project.id, itemId, best || null, admin.id);
    revalidatePath(`/admin/projects/${slug}/items/${itemId}`);
    return best ? "Marked as gold." : "No longer gold.";
  });
}
