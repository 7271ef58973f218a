// Idempotent demo data: an admin, three labelers, one project of each kind with our own
// sample content, a project receiving production feedback with its review project, and the
// labeler quality program (a qualified comparison project, peer review of demonstrations).
// Running it again changes nothing that is already there.
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { addProjectMember } from "@/lib/server/projects/add-member";
import { createProject } from "@/lib/server/projects/create-project";
import { createUser } from "@/lib/server/users/create-user";
import { comparisonItems } from "./comparison-items";
import { demonstrationItems } from "./demonstration-prompts";
import { rankingItems } from "./ranking-items";
import { seedDemoAnswers } from "./demo-answers";
import { FEEDBACK_DEMO_SLUG, seedFeedbackDemo } from "./feedback-demo";
import { QUALITY_DEMO_SLUG, seedQualityDemo } from "./quality-demo";
import { DEMO_USERS } from "./demo-users";
import type { SeedItem } from "./types";

const GUIDELINES = {
  demonstration: `# Writing demonstrations

Write the reply you would want the ideal assistant to give.

- **Helpful**: answer the actual question; ask a clarifying question only when the request is truly ambiguous.
- **Honest**: do not invent facts. Say when you are unsure.
- **Harmless**: decline requests for private data or for help harming others, and say why in one sentence.
- Keep it as short as the task allows. Use lists and code blocks where they help.`,
  comparison: `# Comparing two replies

Pick the reply a thoughtful user would prefer, then say how strongly.

1. Truthfulness and harmlessness come first: a confident wrong answer is worse than a vague right one.
2. Then helpfulness: does it follow the instruction and answer the question?
3. Choose **tie** only when you honestly cannot prefer either.`,
  ranking: `# Ranking replies

Order the replies from best to worst. Put replies of equal quality in the same group.

- Rank factual errors and harmful content below merely unhelpful replies.
- Flag each reply that hallucinates, fails the instruction, or contains harmful content.`,
} as const;

const PROJECTS = [
  {
    slug: "helpful-demos",
    name: "Helpful assistant: demonstrations",
    kind: "demonstration",
    overlap: 2,
    items: demonstrationItems,
    settings: { minDemoLength: 40 },
  },
  {
    slug: "chat-comparisons",
    name: "Chat replies: A/B comparisons",
    kind: "comparison",
    overlap: 3,
    items: comparisonItems,
    settings: { likertEnabled: true },
  },
  {
    slug: "reply-rankings",
    name: "Reply quality: rankings",
    kind: "ranking",
    overlap: 3,
    items: rankingItems,
    settings: { likertEnabled: true },
  },
] as const;

function toNewItems(items: readonly SeedItem[]) {
  return items.map((item) => ({
    externalId: item.id,
    messages: item.messages,
    completions: item.completions?.map((c) => ({ text: c.text, model: c.model })),
    metadata: { source: "rlhf-studio-demo" },
    priority: item.priority ?? 0,
  }));
}

export async function seedDemo() {
  for (const user of DEMO_USERS) {
    const existing = await db.user.findUnique({ where: { email: user.email } });
    if (!existing)
      await createUser({ email: user.email, name: user.name, role: user.role, password: user.password }, null);
  }
  const summary: Record<string, { added: number; duplicates: number }> = {};
  for (const spec of PROJECTS) {
    const existing = await db.project.findUnique({ where: { slug: spec.slug } });
    if (!existing) {
      await createProject(
        { slug: spec.slug, name: spec.name, kind: spec.kind, overlap: spec.overlap, guidelines: GUIDELINES[spec.kind] },
        null,
      );
      await db.project.update({ where: { slug: spec.slug }, data: spec.settings });
    }
    for (const user of DEMO_USERS.filter((u) => u.role === "labeler")) {
      await addProjectMember(spec.slug, user.email, null);
    }
    summary[spec.slug] = await addItems(spec.slug, toNewItems(spec.items));
    // Answers on most items, so the agreement page and exports have data; a few stay open.
    await seedDemoAnswers(spec.slug, Math.max(0, spec.items.length - 4));
  }
  const feedback = await seedFeedbackDemo();
  summary[FEEDBACK_DEMO_SLUG] = { added: feedback.accepted, duplicates: feedback.duplicates };
  // The labeler quality program: qualification, training, checks, weighted overlap, peer review.
  summary[QUALITY_DEMO_SLUG] = await seedQualityDemo();
  return summary;
}
