// judge add | set | list | show | run: AI judges (docs/JUDGES.md). `judge agreement` is in
// judge-agreement.ts. A worker (`npm run worker`, or the one `npm start` runs) sends a run's
// requests, sharing the endpoint's lanes with generation.
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { UsageError } from "@/cli/args";
import { defineCommand } from "@/cli/command";
import { RefusedError, showsProgress } from "@/cli/io";
import { createJudgeSchema, updateJudgeSchema } from "@/lib/validation/judges";
import type { JudgeRunView } from "@/lib/server/judges/run-view";

/** With --wait: a run no worker has started after this long is reported (exit 2). */
const PICKUP_SECONDS = 10;
const POLL_MS = 500;

function readPrompt(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --prompt-file ${file}: ${(error as Error).message}`);
  }
}

function auditRateOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const rate = Number(text);
  if (text.trim() === "" || !Number.isFinite(rate)) throw new UsageError("--audit-rate is a share from 0 to 1");
  return rate;
}

function onOff(value: string, option: string): boolean {
  if (value === "true" || value === "on") return true;
  if (value === "false" || value === "off") return false;
  throw new UsageError(`--${option} is true or false`);
}

export const judgeAdd = defineCommand({
  name: "judge add",
  summary:
    'Attaches an AI judge to a comparison or ranking project: an endpoint and a prompt template (default: docs/JUDGES.md). Prints {"judge": {"name", "model", "promptVersion", "auditRate", "routing", "prompt", ...}}.',
  options: {
    project: { type: "string", value: "S", required: true, help: "the project's slug" },
    name: { type: "string", value: "N", required: true, help: "the judge's name: a-z, 0-9 and -" },
    model: { type: "string", value: "ENDPOINT", required: true, help: "the endpoint that judges (model list)" },
    "prompt-file": { type: "string", value: "F", help: "the prompt template (default: the built-in one)" },
    "audit-rate": { type: "string", value: "X", help: "share of consistent verdicts one human audits, 0 to 1 (0.1)" },
    routing: { type: "boolean", help: "after a run, route items by the judge's verdicts" },
  },
  async run(o) {
    const input = createJudgeSchema.parse({
      name: o.name,
      model: o.model,
      prompt: o["prompt-file"] === undefined ? undefined : readPrompt(o["prompt-file"]),
      auditRate: auditRateOf(o["audit-rate"]),
      routing: o.routing ?? false,
    });
    const { createJudge } = await import("@/lib/server/judges/judges");
    return { judge: await createJudge({ slug: o.project, input, actorId: null }) };
  },
});

export const judgeSet = defineCommand({
  name: "judge set",
  summary:
    'Changes a judge; a different prompt becomes a new version (runs keep the version they used). Prints {"judge": {...}}.',
  options: {
    project: { type: "string", value: "S", required: true, help: "the project's slug" },
    name: { type: "string", value: "N", required: true, help: "the judge's name" },
    model: { type: "string", value: "ENDPOINT", help: "another endpoint" },
    "prompt-file": { type: "string", value: "F", help: "a new prompt template" },
    "audit-rate": { type: "string", value: "X", help: "0 to 1" },
    routing: { type: "string", value: "true|false", help: "route items after a run" },
  },
  async run(o) {
    const input = updateJudgeSchema.parse({
      model: o.model,
      prompt: o["prompt-file"] === undefined ? undefined : readPrompt(o["prompt-file"]),
      auditRate: auditRateOf(o["audit-rate"]),
      routing: o.routing === undefined ? undefined : onOff(o.routing, "routing"),
    });
    const { updateJudge } = await import("@/lib/server/judges/judges");
    return { judge: await updateJudge({ slug: o.project, name: o.name, input, actorId: null }) };
  },
});

export const judgeList = defineCommand({
  name: "judge list",
  summary:
    'A project\'s judges. Prints {"judges": [{"name", "model", "promptVersion", "auditRate", "routing", "lastRun", "counts": {"items", "consistent", "inconsistent", "unsure", "unparsed"}}]}.',
  options: { project: { type: "string", value: "S", required: true, help: "the project's slug" } },
  async run(o) {
    const { listJudges } = await import("@/lib/server/judges/judges");
    return { judges: await listJudges(o.project) };
  },
});

function progressLine(run: JudgeRunView): string {
  return (
    `${run.status}: ${run.done}/${run.items} items, ${run.consistent} consistent, ${run.inconsistent} inconsistent, ` +
    `${run.unsure} unsure, ${run.unparsed} unparsed, ${run.failed} errors, ${run.promptTokens + run.completionTokens} tokens`
  );
}

/** Follows a run to its end, progress on stderr; exit 1 when it failed or was cancelled, 2 when no worker runs. */
async function waitForRun(slug: string, name: string, id: string): Promise<{ run: JudgeRunView }> {
  const { judgeRun } = await import("@/lib/server/judges/judge-runs");
  const tty = showsProgress();
  const started = Date.now();
  let last = "";
  let lastWritten = 0;
  for (;;) {
    const run = await judgeRun(slug, name, id);
    const line = progressLine(run);
    if (tty) process.stderr.write(`\r\x1b[K${line}`);
    else if (line !== last && Date.now() - lastWritten >= 2000) {
      process.stderr.write(`${line}\n`);
      lastWritten = Date.now();
    }
    last = line;
    if (run.status !== "queued" && run.status !== "running") {
      if (tty) process.stderr.write("\n");
      if (run.status === "completed") return { run };
      throw new RefusedError(run.status === "failed" ? `the run failed: ${run.error ?? ""}` : "the run was cancelled", {
        run,
      });
    }
    if (run.status === "queued" && Date.now() - started >= PICKUP_SECONDS * 1000) {
      if (tty) process.stderr.write("\n");
      throw new RefusedError(
        `no worker picked the run up within ${PICKUP_SECONDS} s: start one with \`npm run worker\` (\`npm start\` runs one unless WORKERS=0). The run stays queued and runs when a worker starts.`,
        { run },
        2,
      );
    }
    await sleep(POLL_MS);
  }
}

export const judgeRun = defineCommand({
  name: "judge run",
  summary:
    'Runs a judge over the project\'s items with two completions or more, in both display orders. Prints {"run": {"id", "status", "items", "done", "failed", "unparsed", "consistent", "inconsistent", "unsure", "promptTokens", "completionTokens", ...}}. With --wait: progress on stderr until the run ends; exit 1 if it failed or was cancelled, 2 if no worker picks it up within 10 s.',
  options: {
    project: { type: "string", value: "S", required: true, help: "the project's slug" },
    judge: { type: "string", value: "NAME", required: true, help: "the judge's name" },
    wait: { type: "boolean", help: "follow the run until it ends" },
  },
  async run(o) {
    const { startJudgeRun } = await import("@/lib/server/judges/judge-runs");
    const run = await startJudgeRun({ slug: o.project, name: o.judge, actorId: null });
    if (!o.wait || run.status === "completed") return { run };
    return waitForRun(o.project, o.judge, run.id);
  },
});
