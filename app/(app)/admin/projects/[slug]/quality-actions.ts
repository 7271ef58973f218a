"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/server/actions";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { updateHourlyRate, updateOverlapSettings } from "@/lib/server/quality/overlap-settings";
import { slugSchema } from "@/lib/validation/projects";

/** The Settings tab's "Overlap and cost" card (docs/QUALITY.md): bounds, threshold, hourly rate. */
export async function updateOverlapCostAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction(
    "updateQualitySettings",
    async () => {
      const slug = slugSchema.parse(form.get("slug"));
      // Comparison and ranking projects' forms carry the overlap fields; the others only the rate.
      if (form.get("overlapThreshold") !== null) {
        const adaptive = form.get("adaptive") === "on";
        await updateOverlapSettings({
          slug,
          input: {
            overlapMin: adaptive ? form.get("overlapMin") : null,
            overlapMax: adaptive ? form.get("overlapMax") : null,
            overlapThreshold: form.get("overlapThreshold"),
            // The weighted rule: the checkbox on, the confidence; off, the winner share.
            overlapConfidence: form.get("weighted") === "on" ? form.get("overlapConfidence") : null,
          },
          actorId: admin.id,
        });
      }
      await updateHourlyRate({ slug, input: { hourlyRate: form.get("hourlyRate") ?? "" }, actorId: admin.id });
      revalidatePath(`/admin/projects/${slug}`);
      return "Saved the overlap and cost settings.";
    },
    form,
  );
}
