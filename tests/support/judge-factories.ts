// Judge rows for tests: a judge (on a model endpoint that is never called), a finished run, and
// an item's two verdicts (display order as asked, position swap reversed) with the annotation
// combined from them. Written directly, as a run would leave them, so that the agreement
// report can be tested without a model.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/server/db/client";
import { createModelEndpoint } from "@/lib/server/models/create-model-endpoint";
import { uniqueSuffix } from "./factories";

type Ranking = string[][];

export async function makeJudge(projectSlug: string, name = `judge-${uniqueSuffix()}`) {
  const project = await db.project.findUniqueOrThrow({ where: { slug: projectSlug } });
  const endpoint = await createModelEndpoint(
    { name: `judge-endpoint-${uniqueSuffix()}`, baseUrl: "http://127.0.0.1:9/v1", model: "judge-model" },
    null,
  );
  const judge = await db.judge.create({
    data: {
      projectId: project.id,
      name,
      endpointId: endpoint.id,
      prompts: { create: { version: 1, body: "Which reply is better? {{completions}}" } },
    },
  });
  const run = await db.judgeRun.create({
    data: { judgeId: judge.id, projectId: project.id, status: "completed", promptVersion: 1 },
  });
  return { ...judge, runId: run.id };
}

/** An order's answer: a parsed ranking, or the text that could not be parsed. */
export type OrderAnswer = Ranking | { unparsed: string };

const sameRanking = (a: Ranking, b: Ranking) =>
  JSON.stringify(a.map((g) => [...g].sort())) === JSON.stringify(b.map((g) => [...g].sort()));

/**
 * An item judged in both orders. The combined ranking (what the agreement compares) defaults
 * to the common ranking when both orders parsed and agree, the parsed one when only one did,
 * every completion tied (unsure) when they contradict each other, and null when neither parsed.
 */
export async function judgeItem(
  judge: { id: string; projectId: string; name: string; runId: string },
  item: { id: string; completions: { id: string; position: number | null }[] },
  orders: [OrderAnswer, OrderAnswer],
  options: { rationale?: string; combined?: Ranking | null } = {},
) {
  const shown = item.completions
    .filter((c) => c.position !== null)
    .sort((a, b) => a.position! - b.position!)
    .map((c) => c.id);
  const first = Array.isArray(orders[0]) ? orders[0] : null;
  const second = Array.isArray(orders[1]) ? orders[1] : null;
  await db.judgeVerdict.createMany({
    data: orders.map((answer, swap) => ({
      id: randomUUID(),
      runId: judge.runId,
      itemId: item.id,
      swap,
      displayOrder: swap === 0 ? shown : [...shown].reverse(),
      ranking: Array.isArray(answer) ? answer : undefined,
      raw: Array.isArray(answer) ? JSON.stringify(answer) : answer.unparsed,
      parseError: Array.isArray(answer) ? null : "no verdict found in the answer",
      rationale: options.rationale ?? null,
    })),
  });
  const consistent = first !== null && second !== null && sameRanking(first, second);
  const combined =
    options.combined !== undefined
      ? options.combined
      : first && second
        ? consistent
          ? first
          : [shown]
        : (first ?? second);
  await db.judgeAnnotation.create({
    data: {
      judgeId: judge.id,
      projectId: judge.projectId,
      itemId: item.id,
      runId: judge.runId,
      provenance: `judge:${judge.name}`,
      ranking: combined ?? undefined,
      consistent,
      unsure: first !== null && second !== null && !consistent,
      rationale: options.rationale ?? null,
      promptVersion: 1,
    },
  });
}
