import "server-only";
import { z } from "zod";
import { execute, queryRow, queryRows, type Queryable } from "@/lib/server/db/query";

// Raw SQL of AI judges (docs/JUDGES.md): judges and their prompt versions, runs, verdicts and
// judge annotations. Rows are parsed here by zod; JSON columns once, here.

const uuid = z.string().uuid();
const date = z.coerce.date();
const ranking = z.array(z.array(z.string())).nullable();

export const judgeRow = z.object({
  id: uuid,
  project_id: uuid,
  name: z.string(),
  endpoint_id: uuid,
  endpoint_name: z.string(),
  prompt_version: z.number().int(),
  audit_rate: z.number(),
  routing: z.boolean(),
  created_at: date,
  updated_at: date,
});
export type JudgeRow = z.infer<typeof judgeRow>;

const JUDGE_COLUMNS = `j.id, j.project_id, j.name, j.endpoint_id, e.name AS endpoint_name, j.prompt_version,
  j.audit_rate, j.routing, j.created_at, j.updated_at`;

export async function selectJudges(db: Queryable, projectId: string): Promise<JudgeRow[]> {
  return queryRows(
    db,
    judgeRow,
    `SELECT ${JUDGE_COLUMNS} FROM judges j JOIN model_endpoints e ON e.id = j.endpoint_id
      WHERE j.project_id = $1 ORDER BY j.name`,
    [projectId],
  );
}

export async function selectJudge(
  db: Queryable,
  projectId: string,
  name: string,
  options: { forUpdate?: boolean } = {},
): Promise<JudgeRow | null> {
  return queryRow(
    db,
    judgeRow,
    `SELECT ${JUDGE_COLUMNS} FROM judges j JOIN model_endpoints e ON e.id = j.endpoint_id
      WHERE j.project_id = $1 AND j.name = $2 ${options.forUpdate ? "FOR UPDATE OF j" : ""}`,
    [projectId, name],
  );
}

export async function insertJudge(
  db: Queryable,
  j: {
    id: string;
    projectId: string;
    name: string;
    endpointId: string;
    auditRate: number;
    routing: boolean;
    createdById: string | null;
  },
): Promise<void> {
  await execute(
    db,
    `INSERT INTO judges (id, project_id, name, endpoint_id, prompt_version, audit_rate, routing, created_by_id, updated_at)
     VALUES ($1, $2, $3, $4, 1, $5, $6, $7, now())`,
    [j.id, j.projectId, j.name, j.endpointId, j.auditRate, j.routing, j.createdById],
  );
}

export async function updateJudgeRow(
  db: Queryable,
  id: string,
  s: { endpointId: string; promptVersion: number; auditRate: number; routing: boolean },
): Promise<void> {
  await execute(
    db,
    `UPDATE judges SET endpoint_id = $2, prompt_version = $3, audit_rate = $4, routing = $5, updated_at = now() WHERE id = $1`,
    [id, s.endpointId, s.promptVersion, s.auditRate, s.routing],
  );
}

export async function deleteJudgeRow(db: Queryable, id: string): Promise<void> {
  await execute(db, "DELETE FROM judges WHERE id = $1", [id]);
}

export async function insertPromptVersion(
  db: Queryable,
  p: { judgeId: string; version: number; body: string; createdById: string | null },
): Promise<void> {
  await execute(
    db,
    `INSERT INTO judge_prompt_versions (id, judge_id, version, body, created_by_id) VALUES (gen_random_uuid(), $1, $2, $3, $4)`,
    [p.judgeId, p.version, p.body, p.createdById],
  );
}

const promptRow = z.object({ version: z.number().int(), body: z.string(), created_at: date });

export async function selectPromptVersions(db: Queryable, judgeId: string) {
  return queryRows(
    db,
    promptRow,
    "SELECT version, body, created_at FROM judge_prompt_versions WHERE judge_id = $1 ORDER BY version DESC",
    [judgeId],
  );
}

export async function promptBody(db: Queryable, judgeId: string, version: number): Promise<string | null> {
  const row = await queryRow(
    db,
    z.object({ body: z.string() }),
    "SELECT body FROM judge_prompt_versions WHERE judge_id = $1 AND version = $2",
    [judgeId, version],
  );
  return row?.body ?? null;
}

/** Judges per endpoint: an endpoint a judge uses cannot be removed. */
export async function judgesUsingEndpoint(db: Queryable, endpointId: string) {
  return queryRows(
    db,
    z.object({ project_slug: z.string(), name: z.string() }),
    `SELECT p.slug AS project_slug, j.name FROM judges j JOIN projects p ON p.id = j.project_id
      WHERE j.endpoint_id = $1 ORDER BY p.slug, j.name LIMIT 20`,
    [endpointId],
  );
}

// ---- runs

export const runRow = z.object({
  id: uuid,
  judge_id: uuid,
  project_id: uuid,
  status: z.enum(["queued", "running", "completed", "failed", "cancelled"]),
  prompt_version: z.number().int(),
  lanes: z.number().int(),
  items: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  unparsed: z.number().int(),
  prompt_tokens: z.coerce.number(),
  completion_tokens: z.coerce.number(),
  error: z.string().nullable(),
  created_at: date,
  started_at: date.nullable(),
  finished_at: date.nullable(),
});
export type RunRow = z.infer<typeof runRow>;

const RUN_COLUMNS = `id, judge_id, project_id, status::text AS status, prompt_version, lanes, items, done, failed, unparsed,
  prompt_tokens, completion_tokens, error, created_at, started_at, finished_at`;

export async function insertRun(
  db: Queryable,
  r: {
    id: string;
    judgeId: string;
    projectId: string;
    promptVersion: number;
    lanes: number;
    items: number;
    createdById: string | null;
  },
): Promise<void> {
  await execute(
    db,
    `INSERT INTO judge_runs (id, judge_id, project_id, status, prompt_version, lanes, items, created_by_id)
     VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7)`,
    [r.id, r.judgeId, r.projectId, r.promptVersion, r.lanes, r.items, r.createdById],
  );
}

export async function selectRun(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<RunRow | null> {
  return queryRow(
    db,
    runRow,
    `SELECT ${RUN_COLUMNS} FROM judge_runs WHERE id = $1 ${options.forUpdate ? "FOR UPDATE" : ""}`,
    [id],
  );
}

export async function selectRuns(db: Queryable, judgeId: string, limit: number): Promise<RunRow[]> {
  return queryRows(
    db,
    runRow,
    `SELECT ${RUN_COLUMNS} FROM judge_runs WHERE judge_id = $1 ORDER BY created_at DESC LIMIT $2`,
    [judgeId, limit],
  );
}

export async function liveRunOf(db: Queryable, judgeId: string): Promise<string | null> {
  const row = await queryRow(
    db,
    z.object({ id: uuid }),
    "SELECT id FROM judge_runs WHERE judge_id = $1 AND status IN ('queued', 'running') LIMIT 1",
    [judgeId],
  );
  return row?.id ?? null;
}

export async function setRunStatus(
  db: Queryable,
  id: string,
  status: "running" | "completed" | "failed" | "cancelled",
  error: string | null = null,
): Promise<boolean> {
  const ended = status !== "running";
  return (
    (await execute(
      db,
      `UPDATE judge_runs SET status = $2::"GenerationStatus", error = COALESCE($3, error),
              started_at = COALESCE(started_at, now())${ended ? ", finished_at = now()" : ""}
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [id, status, error],
    )) > 0
  );
}

/**
 * The items a run asks about: the project's items (not archived) with two completions or more.
 * Quality checks are asked about too: with suggestions shown, a check without one would stand
 * out from the real tasks (routing leaves them alone: runAnnotations).
 */
export async function runItemIds(db: Queryable, projectId: string): Promise<string[]> {
  const rows = await queryRows(
    db,
    z.object({ id: uuid }),
    `SELECT i.id FROM items i
      WHERE i.project_id = $1 AND i.status <> 'archived'
        AND (SELECT count(*) FROM completions c WHERE c.item_id = i.id AND c.position IS NOT NULL) >= 2
      ORDER BY i.seq`,
    [projectId],
  );
  return rows.map((r) => r.id);
}

const messageSchema = z.object({ role: z.string(), content: z.string().nullable().optional() }).passthrough();

/** What one request needs: the run, its judge and endpoint, the prompt, the item and its completions. */
export async function requestContext(db: Queryable, runId: string, itemId: string, swap: number) {
  const row = await queryRow(
    db,
    z.object({
      run_status: runRow.shape.status,
      judge_id: uuid,
      judge_name: z.string(),
      endpoint_id: uuid,
      project_id: uuid,
      body: z.string().nullable(),
      messages: z.array(messageSchema),
      completions: z.array(z.object({ id: uuid, text: z.string() })),
      answered: z.boolean(),
    }),
    `SELECT r.status::text AS run_status, j.id AS judge_id, j.name AS judge_name, j.endpoint_id, r.project_id,
            (SELECT body FROM judge_prompt_versions v WHERE v.judge_id = j.id AND v.version = r.prompt_version) AS body,
            i.messages,
            COALESCE((SELECT json_agg(json_build_object('id', c.id, 'text', c.text) ORDER BY c.position, c.id)
                        FROM completions c WHERE c.item_id = i.id AND c.position IS NOT NULL), '[]'::json) AS completions,
            EXISTS (SELECT 1 FROM judge_verdicts v WHERE v.run_id = r.id AND v.item_id = i.id AND v.swap = $3) AS answered
       FROM judge_runs r JOIN judges j ON j.id = r.judge_id JOIN items i ON i.id = $2 AND i.project_id = r.project_id
      WHERE r.id = $1`,
    [runId, itemId, swap],
  );
  if (!row) return null;
  return {
    ...row,
    messages: row.messages.map((m) => ({
      role: String(m.role),
      content: typeof m.content === "string" ? m.content : "",
    })),
  };
}

export interface NewVerdict {
  runId: string;
  itemId: string;
  swap: number;
  displayOrder: string[];
  ranking: string[][] | null;
  unsure: boolean;
  rationale: string | null;
  raw: string | null;
  parseError: string | null;
  errorKind: string | null;
  error: string | null;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
}

/** Records one answer; false when the (run, item, order) has one already (a retry, a resume). */
export async function insertVerdict(db: Queryable, v: NewVerdict): Promise<boolean> {
  const inserted = await execute(
    db,
    `INSERT INTO judge_verdicts (id, run_id, item_id, swap, display_order, ranking, unsure, rationale, raw, parse_error,
                                 error_kind, error, latency_ms, prompt_tokens, completion_tokens)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (run_id, item_id, swap) DO NOTHING`,
    [
      v.runId,
      v.itemId,
      v.swap,
      v.displayOrder,
      v.ranking === null ? null : JSON.stringify(v.ranking),
      v.unsure,
      v.rationale,
      v.raw,
      v.parseError,
      v.errorKind,
      v.error,
      v.latencyMs,
      v.promptTokens,
      v.completionTokens,
    ],
  );
  return inserted > 0;
}

export async function countVerdict(
  db: Queryable,
  runId: string,
  c: { failed: number; unparsed: number; promptTokens: number; completionTokens: number },
): Promise<void> {
  await execute(
    db,
    `UPDATE judge_runs SET failed = failed + $2, unparsed = unparsed + $3, prompt_tokens = prompt_tokens + $4,
            completion_tokens = completion_tokens + $5
      WHERE id = $1`,
    [runId, c.failed, c.unparsed, c.promptTokens, c.completionTokens],
  );
}

export const verdictRow = z.object({
  item_id: uuid,
  swap: z.number().int(),
  display_order: z.array(z.string()),
  ranking,
  unsure: z.boolean(),
  rationale: z.string().nullable(),
  raw: z.string().nullable(),
  parse_error: z.string().nullable(),
  error_kind: z.string().nullable(),
  error: z.string().nullable(),
  latency_ms: z.number().int().nullable(),
  prompt_tokens: z.number().int().nullable(),
  completion_tokens: z.number().int().nullable(),
});
export type VerdictRow = z.infer<typeof verdictRow>;

const VERDICT_COLUMNS = `item_id, swap, display_order, ranking, unsure, rationale, raw, parse_error, error_kind, error,
  latency_ms, prompt_tokens, completion_tokens`;

export async function itemVerdicts(db: Queryable, runId: string, itemId: string): Promise<VerdictRow[]> {
  return queryRows(
    db,
    verdictRow,
    `SELECT ${VERDICT_COLUMNS} FROM judge_verdicts WHERE run_id = $1 AND item_id = $2 ORDER BY swap`,
    [runId, itemId],
  );
}

export async function upsertAnnotation(
  db: Queryable,
  a: {
    judgeId: string;
    projectId: string;
    itemId: string;
    runId: string;
    provenance: string;
    ranking: string[][] | null;
    consistent: boolean;
    unsure: boolean;
    rationale: string | null;
    promptVersion: number;
  },
): Promise<void> {
  await execute(
    db,
    `INSERT INTO judge_annotations (id, judge_id, project_id, item_id, run_id, provenance, ranking, consistent, unsure,
                                    rationale, prompt_version)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10)
     ON CONFLICT (judge_id, item_id) DO UPDATE SET run_id = EXCLUDED.run_id, provenance = EXCLUDED.provenance,
       ranking = EXCLUDED.ranking, consistent = EXCLUDED.consistent, unsure = EXCLUDED.unsure,
       rationale = EXCLUDED.rationale, prompt_version = EXCLUDED.prompt_version, created_at = now()`,
    [
      a.judgeId,
      a.projectId,
      a.itemId,
      a.runId,
      a.provenance,
      a.ranking === null ? null : JSON.stringify(a.ranking),
      a.consistent,
      a.unsure,
      a.rationale,
      a.promptVersion,
    ],
  );
}

/** One more item finished; the run's counters after it. */
export async function countItemDone(db: Queryable, runId: string): Promise<RunRow> {
  const row = await queryRow(
    db,
    runRow,
    `UPDATE judge_runs SET done = done + 1 WHERE id = $1 RETURNING ${RUN_COLUMNS}`,
    [runId],
  );
  return row!;
}

/**
 * A run's answers on the items routing may set: quality checks (gold items with a role, read
 * as routing runs, so an item made a check meanwhile counts as one) are served outside the
 * overlap to every labeler, and keep their slots.
 */
export async function runAnnotations(db: Queryable, judgeId: string, runId: string) {
  return queryRows(
    db,
    z.object({ item_id: uuid, consistent: z.boolean(), unsure: z.boolean() }),
    `SELECT a.item_id, a.consistent, a.unsure FROM judge_annotations a JOIN items i ON i.id = a.item_id
      WHERE a.judge_id = $1 AND a.run_id = $2 AND i.gold_role IS NULL`,
    [judgeId, runId],
  );
}

/** Counts of a judge's annotations (all runs: the latest answer per item). */
export async function annotationCounts(db: Queryable, judgeId: string) {
  const row = await queryRow(
    db,
    z.object({ items: z.number(), consistent: z.number(), unsure: z.number(), unparsed: z.number() }),
    `SELECT count(*)::int AS items,
            count(*) FILTER (WHERE consistent)::int AS consistent,
            count(*) FILTER (WHERE unsure)::int AS unsure,
            count(*) FILTER (WHERE NOT consistent AND NOT unsure AND EXISTS (
              SELECT 1 FROM judge_verdicts v WHERE v.run_id = a.run_id AND v.item_id = a.item_id
                AND (v.parse_error IS NOT NULL OR v.error IS NOT NULL)))::int AS unparsed
       FROM judge_annotations a WHERE a.judge_id = $1`,
    [judgeId],
  );
  const c = row ?? { items: 0, consistent: 0, unsure: 0, unparsed: 0 };
  return { ...c, inconsistent: c.items - c.consistent - c.unsure - c.unparsed };
}

/** A sample of a run's items with both answers, for reading. */
export async function sampleRunItems(db: Queryable, runId: string, limit: number) {
  return queryRows(
    db,
    z.object({
      item_id: uuid,
      external_id: z.string().nullable(),
      number: z.number().int().nullable(),
      annotation: z.object({ ranking, consistent: z.boolean(), unsure: z.boolean() }).nullable(),
      verdicts: z.array(verdictRow.omit({ item_id: true })),
      completions: z.array(z.object({ id: uuid, model: z.string().nullable() })),
    }),
    `SELECT i.id AS item_id, i.external_id, i.number,
            (SELECT json_build_object('ranking', a.ranking, 'consistent', a.consistent, 'unsure', a.unsure)
               FROM judge_annotations a WHERE a.run_id = $1 AND a.item_id = i.id) AS annotation,
            (SELECT json_agg(json_build_object('swap', v.swap, 'display_order', v.display_order, 'ranking', v.ranking,
                     'unsure', v.unsure, 'rationale', v.rationale, 'raw', v.raw, 'parse_error', v.parse_error,
                     'error_kind', v.error_kind, 'error', v.error, 'latency_ms', v.latency_ms,
                     'prompt_tokens', v.prompt_tokens, 'completion_tokens', v.completion_tokens) ORDER BY v.swap)
               FROM judge_verdicts v WHERE v.run_id = $1 AND v.item_id = i.id) AS verdicts,
            COALESCE((SELECT json_agg(json_build_object('id', c.id, 'model', c.model) ORDER BY c.position)
               FROM completions c WHERE c.item_id = i.id AND c.position IS NOT NULL), '[]'::json) AS completions
       FROM items i
      WHERE i.id IN (SELECT DISTINCT item_id FROM judge_verdicts WHERE run_id = $1)
      ORDER BY i.seq LIMIT $2`,
    [runId, limit],
  );
}

/** What the end of a run reads of its judge. */
export async function judgeForRun(db: Queryable, judgeId: string) {
  return queryRow(
    db,
    z.object({ id: uuid, name: z.string(), routing: z.boolean(), audit_rate: z.number() }),
    "SELECT id, name, routing, audit_rate FROM judges WHERE id = $1",
    [judgeId],
  );
}

/** Locks a judge's row: one run starts at a time. */
export async function lockJudge(db: Queryable, judgeId: string): Promise<void> {
  await execute(db, "SELECT id FROM judges WHERE id = $1 FOR UPDATE", [judgeId]);
}

export async function setShowJudgeSuggestions(db: Queryable, projectId: string, show: boolean): Promise<boolean> {
  const row = await queryRow(
    db,
    z.object({ before: z.boolean() }),
    `UPDATE projects p SET show_judge_suggestions = $2, updated_at = now()
       FROM (SELECT show_judge_suggestions AS before FROM projects WHERE id = $1 FOR UPDATE) old
      WHERE p.id = $1 RETURNING old.before`,
    [projectId, show],
  );
  return row?.before ?? false;
}

export async function showJudgeSuggestionsOf(db: Queryable, projectId: string): Promise<boolean> {
  const row = await queryRow(
    db,
    z.object({ show: z.boolean() }),
    "SELECT show_judge_suggestions AS show FROM projects WHERE id = $1",
    [projectId],
  );
  return row?.show ?? false;
}
