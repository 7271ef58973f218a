"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addMemberSchema, projectStatusSchema, slugSchema, updateProjectSchema } from "@/lib/validation/projects";
import { runAction, type ActionState } from "@/lib/server/actions";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { addProjectMember } from "@/lib/server/projects/add-member";
import { removeProjectMember } from "@/lib/server/queue/remove-member";
import { updateProject } from "@/lib/server/projects/update-project";
import { setProjectStatus } from "@/lib/server/queue/project-status";
import { conversationSettingsFormSchema } from "@/lib/validation/conversation-settings-form";
import { updateConversationSettings } from "@/lib/server/projects/conversation-settings";
import { setMemberRole } from "@/lib/server/projects/set-member-role";
import { updateReviewSettings } from "@/lib/server/reviews/review-settings";
import { reviewPercentSchema, setMemberRoleSchema } from "@/lib/validation/reviews";

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

export async function updateProjectAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction(
    "updateProject",
    async () => {
      const slug = slugSchema.parse(form.get("slug"));
      const input = updateProjectSchema.parse({
        name: form.get("name"),
        overlap: form.get("overlap"),
        leaseMinutes: form.get("leaseMinutes"),
        minCompletions: form.get("minCompletions"),
        maxCompletions: form.get("maxCompletions"),
        likertEnabled: form.get("likertEnabled") === "on",
        flags: String(form.get("flags") ?? "")
          .split(/[\s,]+/)
          .map((f) => f.trim())
          .filter(Boolean),
        minDemoLength: form.get("minDemoLength") || 0,
        editWindowMinutes: form.get("editWindowMinutes") ?? undefined,
        guidelines: String(form.get("guidelines") ?? ""),
      });
      const project = await updateProject(slug, input, admin.id);
      revalidatePath(`/admin/projects/${slug}`);
      return `Saved. Guidelines are at version ${project.guidelineVersion}.`;
    },
    form,
  );
}

export async function setProjectStatusAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction("setProjectStatus", async () => {
    const slug = slugSchema.parse(form.get("slug"));
    const status = projectStatusSchema.parse(form.get("status"));
    const { releasedLeases } = await setProjectStatus(slug, status, admin.id);
    revalidatePath(`/admin/projects/${slug}`);
    revalidatePath("/admin/projects");
    if (status === "active") return "Resumed.";
    if (status === "paused") return "Paused: labelers get no new tasks; tasks in hand can still be finished.";
    return releasedLeases
      ? `Archived; the ${releasedLeases} task(s) in hand were released and can no longer be submitted.`
      : "Archived.";
  });
}

/** The Settings tab's Conversation section (conversation projects). */
export async function updateConversationSettingsAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction(
    "updateConversationSettings",
    async () => {
      const slug = slugSchema.parse(form.get("slug"));
      const { endpoints, turnReviewPercent, reviewProject, ...settings } = conversationSettingsFormSchema.parse({
        conversationMode: form.get("conversationMode"),
        replyCount: form.get("replyCount"),
        replySource: form.get("replySource"),
        endpoints: [0, 1, 2, 3].map((i) => String(form.get(`endpoint${i}`) ?? "")),
        minTurns: form.get("minTurns"),
        maxTurns: form.get("maxTurns"),
        maxConcurrentGenerations: form.get("maxConcurrentGenerations"),
        ownOpenings: form.get("ownOpenings") === "on",
        tools: String(form.get("tools") ?? ""),
        turnReviewPercent: form.get("turnReviewPercent") || 0,
        reviewProject: String(form.get("reviewProject") ?? ""),
      });
      await updateConversationSettings(
        slug,
        { ...settings, endpoints, turnReviewRate: turnReviewPercent / 100, reviewProject },
        admin.id,
      );
      revalidatePath(`/admin/projects/${slug}`);
      return "Saved the conversation settings.";
    },
    form,
  );
}

/** Members tab: makes a member a reviewer of the project, or a labeler again (docs/QUALITY.md). */
export async function setMemberRoleAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction("setMemberRole", async () => {
    const slug = slugSchema.parse(form.get("slug"));
    const { email, role } = setMemberRoleSchema.parse({ email: form.get("email"), role: form.get("role") });
    await setMemberRole(slug, email, role, admin.id);
    revalidatePath(`/admin/projects/${slug}`);
    return role === "reviewer" ? `${email} now reviews demonstrations.` : `${email} no longer reviews.`;
  });
}

/** Settings tab: the share of demonstrations sent to a reviewer, as a percentage. */
export async function updateReviewSettingsAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction(
    "updateReviewSettings",
    async () => {
      const slug = slugSchema.parse(form.get("slug"));
      const { reviewPercent } = reviewPercentSchema.parse({ reviewPercent: form.get("reviewPercent") });
      await updateReviewSettings(slug, { reviewRate: reviewPercent / 100 }, admin.id);
      revalidatePath(`/admin/projects/${slug}`);
      return `Saved: ${reviewPercent}% of new demonstrations go to a reviewer.`;
    },
    form,
  );
}
