"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/server/actions";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { updateFeedbackSettings } from "@/lib/server/feedback/feedback-settings";
import { slugSchema } from "@/lib/validation/projects";
import { feedbackSettingsInputSchema } from "@/lib/validation/feedback-settings-input";

/** The Settings tab's "Production feedback" section: the whole settings object as JSON. */
export async function updateFeedbackSettingsAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction(
    "updateFeedbackSettings",
    async () => {
      const slug = slugSchema.parse(form.get("slug"));
      let value: unknown;
      try {
        value = JSON.parse(String(form.get("settings") ?? ""));
      } catch {
        throw new AppError("bad_request", "the settings did not arrive as JSON; reload the page");
      }
      await updateFeedbackSettings(slug, feedbackSettingsInputSchema.parse(value), admin.id);
      revalidatePath(`/admin/projects/${slug}`);
      return "Saved the feedback settings.";
    },
    form,
  );
}
