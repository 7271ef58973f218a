// The demo's production feedback (docs/FEEDBACK.md): a project that receives a made-up deployed
// assistant's feedback, routing every thumbs-down and 5% of thumbs-up to a demonstration project
// where labelers confirm or correct the reply, and a few of those reviews answered, so that the
// Feedback tab, the review queue and the exports' `production` and `human` rows all have data.
// Idempotent: events are stored once per id, and answers only while none exist.
import { db } from "@/lib/server/db/client";
import { ingestFeedback } from "@/lib/server/feedback/ingest-feedback";
import { updateFeedbackSettings } from "@/lib/server/feedback/feedback-settings";
import { addProjectMember } from "@/lib/server/projects/add-member";
import { createProject } from "@/lib/server/projects/create-project";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { DEMO_USERS } from "./demo-users";
import { correctedReply, demoFeedbackEvents } from "./feedback-demo-events";

export const FEEDBACK_DEMO_SLUG = "assistant-feedback";
export const FEEDBACK_REVIEW_SLUG = "feedback-fixes";

const REVIEW_GUIDELINES = `# Confirming or correcting production replies

Each task is a reply our assistant gave a real user, who did not like it (or, now and then, did).

- If the reply is right and helpful, press **Start from this reply** and submit it unchanged: that confirms it.
- Otherwise correct it: fix what is wrong, keep what is right, and keep it short.
- Never add personal data. Replaced addresses and numbers ([EMAIL], [PHONE]) stay replaced.`;

export async function seedFeedbackDemo() {
  if (!(await db.project.findUnique({ where: { slug: FEEDBACK_REVIEW_SLUG } }))) {
    await createProject(
      {
        slug: FEEDBACK_REVIEW_SLUG,
        name: "Feedback review: confirm or correct",
        kind: "demonstration",
        overlap: 1,
        guidelines: REVIEW_GUIDELINES,
      },
      null,
    );
  }
  if (!(await db.project.findUnique({ where: { slug: FEEDBACK_DEMO_SLUG } }))) {
    await createProject(
      {
        slug: FEEDBACK_DEMO_SLUG,
        name: "Assistant in production: user feedback",
        kind: "comparison",
        overlap: 1,
        guidelines:
          "# Production feedback\n\nThis project receives the deployed assistant's feedback; reviews happen in feedback-fixes.",
      },
      null,
    );
    await updateFeedbackSettings(
      FEEDBACK_DEMO_SLUG,
      {
        requireConsent: true,
        routes: [
          { when: "down", rate: 1, project: FEEDBACK_REVIEW_SLUG },
          { when: "low_score", rate: 1, project: FEEDBACK_REVIEW_SLUG },
          { when: "up", rate: 0.05, project: FEEDBACK_REVIEW_SLUG },
        ],
      },
      null,
    );
  }
  const labelers = DEMO_USERS.filter((u) => u.role === "labeler");
  for (const user of labelers) await addProjectMember(FEEDBACK_REVIEW_SLUG, user.email, null);

  const outcome = await ingestFeedback({ slug: FEEDBACK_DEMO_SLUG, events: demoFeedbackEvents() });
  const reviewed = await seedReviews(labelers[0]!.email, 8);
  return { accepted: outcome.accepted.length, duplicates: outcome.duplicates.length, reviewed };
}

/** One labeler confirms every other review task and corrects the rest with a better reply. */
async function seedReviews(email: string, count: number): Promise<number> {
  const project = await db.project.findUniqueOrThrow({ where: { slug: FEEDBACK_REVIEW_SLUG } });
  if (await db.annotation.count({ where: { projectId: project.id } })) return 0;
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const session = { id: user.id, email: user.email, name: user.name, role: user.role };
  let stored = 0;
  for (let n = 0; n < count; n += 1) {
    const task = await claimNextTask(session, FEEDBACK_REVIEW_SLUG);
    if (!task) break;
    // The review task shows the production reply as the item's one completion.
    const reply = task.item.fromFeedback ? (task.item.completions[0]?.text ?? "") : "";
    const text = n % 2 === 0 ? reply : (correctedReply(reply) ?? reply);
    await submitAnnotation(session, task.id, `demo-seed-${task.id}`, { text });
    stored += 1;
  }
  return stored;
}
