// The demo's "models in the loop" (docs/MODELS.md, "Demo stand-in"): endpoints, a ranking
// project whose prompts arrive without completions, a generation job that fills them, and
// the demo labelers' rankings, so that labeling and the leaderboard work offline from a fresh
// clone. Idempotent: a second run registers nothing new and generates nothing.
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/lib/server/db/client";
import { startGeneration } from "@/lib/server/generation/start-generation";
import { generationJobView, type GenerationJobView } from "@/lib/server/generation/job-view";
import { startGenerationWorker } from "@/lib/server/generation/worker";
import { addItems } from "@/lib/server/items/add-items";
import { createModelEndpoint } from "@/lib/server/models/create-model-endpoint";
import { updateModelEndpoint } from "@/lib/server/models/update-model-endpoint";
import { addProjectMember } from "@/lib/server/projects/add-member";
import { createProject } from "@/lib/server/projects/create-project";
import { createJudge } from "@/lib/server/judges/judges";
import { startJudgeRun } from "@/lib/server/judges/judge-runs";
import { seedConversationDemo } from "./conversation-demo";
import { seedDemoAnswers } from "./demo-answers";
import { DEMO_USERS } from "./demo-users";

export const MODEL_DEMO_SLUG = "model-rankings";

/** The stand-in's canned models as the demo registers them (quality: careful > terse > rambling). */
const STUB_ENDPOINTS = [
  { name: "demo-careful", model: "stub-careful" },
  { name: "demo-terse", model: "stub-terse" },
  { name: "demo-rambling", model: "stub-rambling" },
] as const;

const PROMPTS = [
  "Explain why the sky is blue to a ten-year-old.",
  "What should I check before signing a flat rental contract?",
  "How do vaccines train the immune system?",
  "Give me three tips to make bread rise better.",
  "What is the difference between weather and climate?",
  "How can I politely decline a meeting invitation?",
  "Why do we have leap years?",
  "How does a refrigerator keep food cold?",
  "What are good habits for learning a new language?",
  "How do tides work?",
  "What is compound interest, with a small example?",
  "How should I store fresh herbs so they last longer?",
];

export type DemoEndpoints =
  { kind: "stand-in"; baseUrl: string } | { kind: "external"; baseUrl: string; model: string };

async function upsertEndpoint(name: string, baseUrl: string, model: string, apiKeyEnv?: string) {
  const existing = await db.modelEndpoint.findUnique({ where: { name } });
  if (!existing) return createModelEndpoint({ name, baseUrl, model, maxConcurrency: 8, apiKeyEnv }, null);
  // The stand-in may listen on another port than last time.
  if (existing.baseUrl !== baseUrl || existing.model !== model) {
    return updateModelEndpoint({ id: existing.id, change: { baseUrl, model }, actorId: null });
  }
  return existing;
}

async function waitForEnd(id: string, timeoutMs: number): Promise<GenerationJobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await generationJobView(id);
    if (job.status !== "queued" && job.status !== "running") return job;
    if (Date.now() > deadline) return job;
    await sleep(250);
  }
}

export async function seedModelDemo(endpoints: DemoEndpoints) {
  const names: string[] = [];
  if (endpoints.kind === "stand-in") {
    for (const e of STUB_ENDPOINTS) names.push((await upsertEndpoint(e.name, endpoints.baseUrl, e.model)).name);
  } else {
    // The key stays in the environment (OPENAI_API_KEY): stored as the variable's name only.
    names.push((await upsertEndpoint("openai", endpoints.baseUrl, endpoints.model, "OPENAI_API_KEY")).name);
  }
  if (!(await db.project.findUnique({ where: { slug: MODEL_DEMO_SLUG } }))) {
    await createProject(
      {
        slug: MODEL_DEMO_SLUG,
        name: "Models in the loop: rankings",
        kind: "ranking",
        overlap: 3,
        guidelines: "# Ranking model replies\n\nOrder the replies from best to worst; equal ones share a group.",
      },
      null,
    );
  }
  for (const user of DEMO_USERS.filter((u) => u.role === "labeler")) {
    await addProjectMember(MODEL_DEMO_SLUG, user.email, null);
  }
  // Prompts only: they wait for generation and are not served before they have two replies.
  const added = await addItems(
    MODEL_DEMO_SLUG,
    PROMPTS.map((content, n) => ({
      externalId: `model-demo-${n + 1}`,
      messages: [{ role: "user" as const, content }],
      metadata: { source: "rlhf-studio-demo" },
    })),
  );
  const job = await startGeneration({
    slug: MODEL_DEMO_SLUG,
    input: { models: names, samples: endpoints.kind === "stand-in" ? 1 : 3 },
    actorId: null,
  });
  let ended = job;
  const judgeRun = endpoints.kind === "stand-in" ? await demoJudgeRun(endpoints.baseUrl) : null;
  if (job.status === "queued" || judgeRun) {
    const worker = await startGenerationWorker({ discoverMs: 250, idleMs: 50, log: () => {} });
    try {
      if (job.status === "queued") ended = await waitForEnd(job.id, endpoints.kind === "stand-in" ? 60_000 : 300_000);
      // The judge asks about items only once they have their completions.
      if (judgeRun) {
        await startJudgeRun({ slug: MODEL_DEMO_SLUG, name: DEMO_JUDGE, actorId: null });
        await waitForJudge(60_000);
      }
    } finally {
      await worker.stop(5000);
    }
  }
  // Rankings on most items (the leaderboard has judgments to fit); four stay for the visitor.
  const answers = await seedDemoAnswers(MODEL_DEMO_SLUG, PROMPTS.length - 4);
  const conversations = await seedConversationDemo(names);
  return { endpoints: names, prompts: added, job: ended, answers, conversations };
}

/** The demo's AI judge (docs/JUDGES.md): the stand-in's "judge-good", which prefers longer replies. */
export const DEMO_JUDGE = "demo-judge";

/**
 * Registers the demo judge on the ranking project; true when it has never run (the caller runs
 * it once the items have their completions). Its taste for length against the demo labelers'
 * taste for careful replies is what the agreement page's length bias shows.
 */
async function demoJudgeRun(baseUrl: string): Promise<boolean> {
  const endpoint = await upsertEndpoint(DEMO_JUDGE, baseUrl, "judge-good");
  const project = await db.project.findUniqueOrThrow({ where: { slug: MODEL_DEMO_SLUG } });
  const judge = await db.judge.findUnique({ where: { projectId_name: { projectId: project.id, name: DEMO_JUDGE } } });
  if (!judge) {
    await createJudge({ slug: MODEL_DEMO_SLUG, input: { name: DEMO_JUDGE, model: endpoint.name }, actorId: null });
    return true;
  }
  return (await db.judgeRun.count({ where: { judgeId: judge.id } })) === 0;
}

async function waitForJudge(timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const active = await db.judgeRun.count({
      where: { judge: { name: DEMO_JUDGE }, status: { in: ["queued", "running"] } },
    });
    if (active === 0) return;
    await sleep(250);
  }
}
