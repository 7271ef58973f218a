import "server-only";
import { randomUUID } from "node:crypto";
import { DEFAULT_JUDGE_TEMPLATE } from "@/lib/domain/judges/template";
import {
  createJudgeSchema,
  judgeNameSchema,
  updateJudgeSchema,
  type CreateJudgeInput,
  type UpdateJudgeInput,
} from "@/lib/validation/judges";
import { recordAudit } from "@/lib/server/audit-queries";
import { inTransaction, pool, type Tx } from "@/lib/server/db/client";
import { isUniqueViolation, type Queryable } from "@/lib/server/db/query";
import { AppError } from "@/lib/server/errors";
import {
  annotationCounts,
  deleteJudgeRow,
  insertJudge,
  insertPromptVersion,
  liveRunOf,
  promptBody,
  selectJudge,
  selectJudges,
  selectPromptVersions,
  selectRuns,
  updateJudgeRow,
  type JudgeRow,
} from "@/lib/server/judges/judge-queries";
import { runView, type JudgeRunView } from "@/lib/server/judges/run-view";
import { connectionFor } from "@/lib/server/models/endpoint-client";
import { findEndpointRow } from "@/lib/server/models/model-endpoint-record";
import { requireProject, type ProjectRef } from "@/lib/server/projects/require-project";

// AI judges attached to a project (docs/JUDGES.md): create, read, change (a new prompt is a
// new version), remove. Admin-only at every entry point; every change is audited.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface JudgeView {
  id: string;
  name: string;
  provenance: string;
  model: { id: string; name: string };
  promptVersion: number;
  auditRate: number;
  routing: boolean;
  createdAt: string;
  updatedAt: string;
  lastRun: JudgeRunView | null;
  /** The judge's current annotations (its latest answer per item). */
  counts: { items: number; consistent: number; inconsistent: number; unsure: number; unparsed: number };
}

export interface JudgeDetail extends JudgeView {
  prompt: string;
  versions: { version: number; createdAt: string; body: string }[];
}

/** Judges work on pairs and rankings: a project of another kind has none. */
export async function judgeProject(slug: string, tx?: Queryable): Promise<ProjectRef> {
  const project = await requireProject(slug, tx ? { tx } : {});
  if (project.kind !== "comparison" && project.kind !== "ranking") {
    throw new AppError(
      "bad_request",
      `judges answer comparison and ranking projects; ${slug} is a ${project.kind} project`,
    );
  }
  return project;
}

export async function requireJudge(
  db: Queryable,
  projectId: string,
  name: string,
  forUpdate = false,
): Promise<JudgeRow> {
  const parsed = judgeNameSchema.safeParse(name);
  const row = parsed.success ? await selectJudge(db, projectId, parsed.data, { forUpdate }) : null;
  if (!row) throw new AppError("not_found", `no judge named ${name} in this project`);
  return row;
}

async function resolveEndpoint(ref: string) {
  try {
    const row = await findEndpointRow(UUID.test(ref) ? { id: ref } : { name: ref });
    connectionFor(row); // its key must be usable now, not after a thousand failed requests
    return row;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") {
      throw new AppError("bad_request", `no model endpoint named ${ref} (see model list)`);
    }
    throw error;
  }
}

async function viewOf(db: Queryable, row: JudgeRow): Promise<JudgeView> {
  const [last] = await selectRuns(db, row.id, 1);
  return {
    id: row.id,
    name: row.name,
    provenance: `judge:${row.name}`,
    model: { id: row.endpoint_id, name: row.endpoint_name },
    promptVersion: row.prompt_version,
    auditRate: row.audit_rate,
    routing: row.routing,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastRun: last ? await runView(db, last, row.name) : null,
    counts: await annotationCounts(db, row.id),
  };
}

async function detailOf(db: Queryable, row: JudgeRow): Promise<JudgeDetail> {
  const versions = await selectPromptVersions(db, row.id);
  return {
    ...(await viewOf(db, row)),
    prompt: versions.find((v) => v.version === row.prompt_version)?.body ?? "",
    versions: versions.map((v) => ({ version: v.version, createdAt: v.created_at.toISOString(), body: v.body })),
  };
}

export async function listJudges(slug: string): Promise<JudgeView[]> {
  const project = await judgeProject(slug);
  const rows = await selectJudges(pool(), project.id);
  return Promise.all(rows.map((row) => viewOf(pool(), row)));
}

export async function getJudge(slug: string, name: string): Promise<JudgeDetail> {
  const project = await judgeProject(slug);
  return detailOf(pool(), await requireJudge(pool(), project.id, name));
}

const audited = (row: JudgeRow, prompt?: string) => ({
  name: row.name,
  model: row.endpoint_name,
  promptVersion: row.prompt_version,
  auditRate: row.audit_rate,
  routing: row.routing,
  ...(prompt === undefined ? {} : { prompt }),
});

export async function createJudge(options: { slug: string; input: CreateJudgeInput; actorId: string | null }) {
  const input = createJudgeSchema.parse(options.input);
  const endpoint = await resolveEndpoint(input.model);
  try {
    return await inTransaction(async (tx) => {
      const project = await judgeProject(options.slug, tx);
      const id = randomUUID();
      await insertJudge(tx, {
        id,
        projectId: project.id,
        name: input.name,
        endpointId: endpoint.id,
        auditRate: input.auditRate,
        routing: input.routing,
        createdById: options.actorId,
      });
      const prompt = input.prompt ?? DEFAULT_JUDGE_TEMPLATE;
      await insertPromptVersion(tx, { judgeId: id, version: 1, body: prompt, createdById: options.actorId });
      const row = (await selectJudge(tx, project.id, input.name))!;
      await recordAudit(tx, {
        actorId: options.actorId,
        action: "judge.create",
        entityType: "judge",
        entityId: id,
        projectId: project.id,
        after: audited(row, prompt),
      });
      return detailOf(tx, row);
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", `this project has a judge named ${input.name} already`);
    throw error;
  }
}

export async function updateJudge(options: {
  slug: string;
  name: string;
  input: UpdateJudgeInput;
  actorId: string | null;
}) {
  const change = updateJudgeSchema.parse(options.input);
  const endpoint = change.model === undefined ? null : await resolveEndpoint(change.model);
  return inTransaction(async (tx: Tx) => {
    const project = await judgeProject(options.slug, tx);
    const before = await requireJudge(tx, project.id, options.name, true);
    if (endpoint && endpoint.id !== before.endpoint_id && (await liveRunOf(tx, before.id))) {
      throw new AppError("conflict", "the judge has a run in progress: cancel it, or wait, before changing its model");
    }
    let promptVersion = before.prompt_version;
    const current = await promptBody(tx, before.id, before.prompt_version);
    if (change.prompt !== undefined && change.prompt !== current) {
      promptVersion += 1;
      await insertPromptVersion(tx, {
        judgeId: before.id,
        version: promptVersion,
        body: change.prompt,
        createdById: options.actorId,
      });
    }
    await updateJudgeRow(tx, before.id, {
      endpointId: endpoint?.id ?? before.endpoint_id,
      promptVersion,
      auditRate: change.auditRate ?? before.audit_rate,
      routing: change.routing ?? before.routing,
    });
    const after = (await selectJudge(tx, project.id, before.name))!;
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "judge.update",
      entityType: "judge",
      entityId: before.id,
      projectId: project.id,
      before: audited(before),
      after: audited(after, promptVersion !== before.prompt_version ? change.prompt : undefined),
    });
    return detailOf(tx, after);
  });
}

/** Removes a judge with its runs, verdicts and annotations (the audit log keeps its settings). */
export async function removeJudge(options: { slug: string; name: string; actorId: string | null }) {
  return inTransaction(async (tx) => {
    const project = await judgeProject(options.slug, tx);
    const row = await requireJudge(tx, project.id, options.name, true);
    if (await liveRunOf(tx, row.id)) {
      throw new AppError("conflict", "the judge has a run in progress: cancel it first");
    }
    await deleteJudgeRow(tx, row.id);
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "judge.remove",
      entityType: "judge",
      entityId: row.id,
      projectId: project.id,
      before: audited(row),
    });
    return { removed: true as const, name: row.name };
  });
}
