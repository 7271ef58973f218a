// The labeler quality program in the demo (docs/QUALITY.md): a comparison project that asks
// for a qualification, trains, mixes in attention checks, and spends labels adaptively with
// answers weighted by gold accuracy; and peer review of the demonstrations project. Made through
// the app's own use cases and queue, once: running it again changes nothing.
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { setGoldItem } from "@/lib/server/items/set-gold-item";
import { addProjectMember } from "@/lib/server/projects/add-member";
import { createProject } from "@/lib/server/projects/create-project";
import { setMemberRole } from "@/lib/server/projects/set-member-role";
import { updateHourlyRate, updateOverlapSettings } from "@/lib/server/quality/overlap-settings";
import { updateQualitySettings } from "@/lib/server/quality/quality-settings";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { claimNextReview, decideReview } from "@/lib/server/reviews/review-queue";
import { updateReviewSettings } from "@/lib/server/reviews/review-settings";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { comparisonItems } from "./comparison-items";
import { QUALITY } from "./demo-answers";
import { DEMO_USERS } from "./demo-users";

export const QUALITY_DEMO_SLUG = "qualified-comparisons";
export const REVIEW_DEMO_SLUG = "helpful-demos";

/** Which comparison items check labelers, and what the admin explains. */
const CHECKS: Record<string, { role: "qualification" | "training" | "attention"; explanation: string }> = {
  "demo-c-01": {
    role: "qualification",
    explanation: "The first reply answers the question (6 minutes); the other talks about eggs without answering.",
  },
  "demo-c-02": {
    role: "qualification",
    explanation: "Canberra is the capital. A confident wrong answer (Sydney) is worse than any vague right one.",
  },
  "demo-c-05": {
    role: "qualification",
    explanation: "Both are code; the better one is correct and explains the difference between the two ways.",
  },
  "demo-c-06": {
    role: "training",
    explanation:
      "Refusing to break into someone's account, with a short reason and a legitimate path, is the better reply.",
  },
  "demo-c-07": {
    role: "training",
    explanation: "Rayleigh scattering, explained simply, beats a reply that is vague or wrong about the physics.",
  },
  "demo-c-09": { role: "attention", explanation: "72 °F is 22.2 °C." },
  "demo-c-11": { role: "attention", explanation: "404 means the server found nothing at that address." },
};

async function session(email: string): Promise<SessionUser> {
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** The completion of the better model (the demo's quality scale), the expected best. */
function bestOf(completions: { id: string; model: string | null }[]): string {
  return [...completions].sort((a, b) => (QUALITY[b.model ?? ""] ?? 3) - (QUALITY[a.model ?? ""] ?? 3))[0]!.id;
}

/** One labeler answers `count` tasks; `wrongOn` lists external ids they answer against gold. */
async function answerTasks(user: SessionUser, count: number, wrongOn: ReadonlySet<string> = new Set()) {
  for (let n = 0; n < count; n += 1) {
    const task = await claimNextTask(user, QUALITY_DEMO_SLUG);
    if (!task) return;
    const item = await db.item.findUniqueOrThrow({
      where: { id: task.item.id },
      include: { completions: { select: { id: true, model: true } } },
    });
    const best = bestOf(item.completions);
    const other = item.completions.find((c) => c.id !== best)!.id;
    const wrong = wrongOn.has(item.externalId ?? "");
    await submitAnnotation(user, task.id, `demo-quality-${task.id}`, {
      ranking: wrong ? [[other], [best]] : [[best], [other]],
      strength: 2,
      timeSpentMs: 25_000 + ((n * 7919) % 60_000),
    });
  }
}

async function seedQualifiedProject() {
  if (await db.project.findUnique({ where: { slug: QUALITY_DEMO_SLUG } })) return { added: 0, duplicates: 0 };
  await createProject(
    {
      slug: QUALITY_DEMO_SLUG,
      name: "Chat replies: qualified labelers",
      kind: "comparison",
      overlap: 2,
      guidelines: `# Comparing two replies (qualified labelers)

Before real tasks you answer three qualification comparisons; 75% agreement with the expected answers passes.
Your first two tasks after that show the expected answer and why. Some later tasks are checks.

1. Truthfulness and harmlessness come first: a confident wrong answer is worse than a vague right one.
2. Then helpfulness: does it follow the instruction and answer the question?`,
    },
    null,
  );
  for (const user of DEMO_USERS.filter((u) => u.role === "labeler"))
    await addProjectMember(QUALITY_DEMO_SLUG, user.email, null);
  const added = await addItems(
    QUALITY_DEMO_SLUG,
    comparisonItems.map((item) => ({
      externalId: item.id,
      messages: item.messages,
      completions: item.completions?.map((c) => ({ text: c.text, model: c.model })),
      metadata: { source: "rlhf-studio-demo" },
      priority: item.priority ?? 0,
    })),
  );
  const project = await db.project.findUniqueOrThrow({ where: { slug: QUALITY_DEMO_SLUG } });
  const items = await db.item.findMany({
    where: { projectId: project.id },
    include: { completions: { select: { id: true, model: true } } },
  });
  for (const item of items) {
    const check = CHECKS[item.externalId ?? ""];
    if (!check) continue;
    await setGoldItem(
      QUALITY_DEMO_SLUG,
      item.id,
      { best: bestOf(item.completions), role: check.role, explanation: check.explanation },
      null,
    );
  }
  await updateQualitySettings(
    QUALITY_DEMO_SLUG,
    {
      qualificationRequired: true,
      qualificationThreshold: 0.75,
      qualificationRetryHours: 24,
      trainingItems: 2,
      attentionRate: 0.2,
      attentionWindow: 5,
      attentionThreshold: 0.6,
    },
    null,
  );
  await updateOverlapSettings({
    slug: QUALITY_DEMO_SLUG,
    input: { overlapMin: 2, overlapMax: 4, overlapConfidence: 0.9 },
    actorId: null,
  });
  await updateHourlyRate({ slug: QUALITY_DEMO_SLUG, input: { hourlyRate: 24 }, actorId: null });

  // Lena passes (3 of 3), takes her training and answers a few real items; Omar misses one of
  // three (67%, below 75%) and waits a day for another attempt; Yuki has not started.
  await answerTasks(await session("lena@example.com"), 7);
  await answerTasks(await session("omar@example.com"), 3, new Set(["demo-c-05"]));
  return added;
}

/** Peer review on the demonstrations project: Yuki reviews, Lena and Omar write. */
async function seedPeerReview() {
  const project = await db.project.findUniqueOrThrow({ where: { slug: REVIEW_DEMO_SLUG } });
  if (project.reviewRate > 0) return;
  await setMemberRole(REVIEW_DEMO_SLUG, "yuki@example.com", "reviewer", null);
  await updateReviewSettings(REVIEW_DEMO_SLUG, { reviewRate: 1 }, null);
  const texts: Record<string, string[]> = {
    "lena@example.com": [
      "Here is a short, friendly reply that answers the question first and then gives one practical tip you can use today.",
      "I can't help with getting into someone else's account. If you are locked out of your own, the provider's recovery page is the safe way back in.",
    ],
    "omar@example.com": ["Sure, here you go: this is a reply that is long enough to pass the minimum length rule."],
  };
  for (const [email, replies] of Object.entries(texts)) {
    const user = await session(email);
    for (const text of replies) {
      const task = await claimNextTask(user, REVIEW_DEMO_SLUG);
      if (!task) break;
      await submitAnnotation(user, task.id, `demo-review-${task.id}`, { text, timeSpentMs: 90_000 });
    }
  }
  // Yuki accepts one and rejects one with a reason; the third waits for whoever tries the demo.
  const yuki = await session("yuki@example.com");
  const first = await claimNextReview(yuki, REVIEW_DEMO_SLUG);
  if (first.review) await decideReview(yuki, first.review.id, { action: "accept", revision: first.review.revision });
  const second = await claimNextReview(yuki, REVIEW_DEMO_SLUG);
  if (second.review)
    await decideReview(yuki, second.review.id, {
      action: "reject",
      revision: second.review.revision,
      reason: "It does not answer anything: say what the user asked for, then answer it.",
    });
}

export async function seedQualityDemo() {
  const added = await seedQualifiedProject();
  await seedPeerReview();
  return added;
}
