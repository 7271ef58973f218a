"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createProjectSchema } from "@/lib/validation/projects";
import { runAction, type ActionState } from "@/lib/server/actions";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { createProject } from "@/lib/server/projects/create-project";

export async function createProjectAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  let created: string | null = null;
  const state = await runAction(
    "createProject",
    async () => {
      const input = createProjectSchema.parse({
        slug: form.get("slug"),
        name: form.get("name") || undefined,
        kind: form.get("kind"),
        overlap: form.get("overlap") || undefined,
        guidelines: form.get("guidelines") || undefined,
      });
      const project = await createProject(input, admin.id);
      revalidatePath("/admin/projects");
      revalidatePath("/admin");
      created = project.slug;
      return `Created project ${project.slug}.`;
    },
    form,
  );
  // The new project's page shows what to do next (members, items, guidelines).
  if (created) redirect(`/admin/projects/${encodeURIComponent(created)}?created=1`);
  return state;
}
