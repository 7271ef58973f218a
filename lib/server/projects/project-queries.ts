import "server-only";
import { z } from "zod";
import { execute, queryRow, queryRows, type Queryable } from "@/lib/server/db/query";
import { projectKindSchema, type projectStatusSchema, storedProjectStatusSchema } from "@/lib/validation/projects";

export type ProjectStatus = z.output<typeof projectStatusSchema>;

const PROJECT_COLUMNS = `id, slug, name, kind::text AS kind, status::text AS status, overlap, lease_seconds,
  min_completions, max_completions, likert_enabled, flags, min_demo_length, guideline_version,
  edit_window_seconds, created_by_id, created_at, updated_at`;

const projectRow = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    kind: projectKindSchema,
    // Issue 16 (qual): "draft" is set by the quality settings, never asked for (docs/QUALITY.md).
    status: storedProjectStatusSchema,
    overlap: z.number(),
    lease_seconds: z.number(),
    min_completions: z.number(),
    max_completions: z.number(),
    likert_enabled: z.boolean(),
    flags: z.array(z.string()).nullable(),
    min_demo_length: z.number(),
    guideline_version: z.number(),
    edit_window_seconds: z.number(),
    created_by_id: z.string().nullable(),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .transform((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    kind: r.kind,
    status: r.status,
    overlap: r.overlap,
    leaseSeconds: r.lease_seconds,
    minCompletions: r.min_completions,
    maxCompletions: r.max_completions,
    likertEnabled: r.likert_enabled,
    flags: r.flags ?? [],
    minDemoLength: r.min_demo_length,
    guidelineVersion: r.guideline_version,
    editWindowSeconds: r.edit_window_seconds,
    createdById: r.created_by_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));

/** A project's own columns, camelCased. */
export type ProjectRecord = z.output<typeof projectRow>;

/**
 * The project with this slug; `forUpdate` locks its row until the caller's transaction ends,
 * in the mode an UPDATE of its settings takes (NO KEY UPDATE): claims, which only hold key
 * share locks on it through their leases' foreign key, are not held up.
 */
export function findProjectBySlug(db: Queryable, slug: string, forUpdate = false): Promise<ProjectRecord | null> {
  return queryRow(
    db,
    projectRow,
    `SELECT ${PROJECT_COLUMNS} FROM projects WHERE slug = $1${forUpdate ? " FOR NO KEY UPDATE" : ""}`,
    [slug],
  );
}

export interface NewProject {
  slug: string;
  name: string;
  kind: ProjectRecord["kind"];
  overlap: number;
  minCompletions: number;
  maxCompletions: number;
  flags: string[];
  guidelineVersion: number;
  createdById: string | null;
}

/** Inserts a project (a taken slug fails with unique_violation on projects_slug_key). */
export async function insertProject(db: Queryable, p: NewProject): Promise<ProjectRecord> {
  const [row] = await queryRows(
    db,
    projectRow,
    `INSERT INTO projects (id, slug, name, kind, overlap, min_completions, max_completions, flags,
                           guideline_version, created_by_id, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3::"ProjectKind", $4, $5, $6, $7, $8, $9, now())
     RETURNING ${PROJECT_COLUMNS}`,
    [p.slug, p.name, p.kind, p.overlap, p.minCompletions, p.maxCompletions, p.flags, p.guidelineVersion, p.createdById],
  );
  return row!;
}

export interface ProjectSettings {
  name: string;
  overlap: number;
  leaseSeconds: number;
  minCompletions: number;
  maxCompletions: number;
  likertEnabled: boolean;
  flags: string[];
  minDemoLength: number;
  guidelineVersion: number;
  editWindowSeconds: number;
}

export async function updateProjectSettings(db: Queryable, id: string, s: ProjectSettings): Promise<ProjectRecord> {
  const [row] = await queryRows(
    db,
    projectRow,
    `UPDATE projects SET name = $2, overlap = $3, lease_seconds = $4, min_completions = $5, max_completions = $6,
            likert_enabled = $7, flags = $8, min_demo_length = $9, guideline_version = $10, edit_window_seconds = $11, updated_at = now()
      WHERE id = $1
     RETURNING ${PROJECT_COLUMNS}`,
    [
      id,
      s.name,
      s.overlap,
      s.leaseSeconds,
      s.minCompletions,
      s.maxCompletions,
      s.likertEnabled,
      s.flags,
      s.minDemoLength,
      s.guidelineVersion,
      s.editWindowSeconds,
    ],
  );
  return row!;
}

export async function updateProjectStatus(db: Queryable, id: string, status: ProjectStatus): Promise<ProjectRecord> {
  const [row] = await queryRows(
    db,
    projectRow,
    `UPDATE projects SET status = $2::"ProjectStatus", updated_at = now() WHERE id = $1 RETURNING ${PROJECT_COLUMNS}`,
    [id, status],
  );
  return row!;
}

const guidelinesRow = z.object({ body: z.string() });

/** The text of one version of a project's guidelines, or null. */
export async function guidelinesBody(db: Queryable, projectId: string, version: number): Promise<string | null> {
  const row = await queryRow(
    db,
    guidelinesRow,
    "SELECT body FROM guideline_versions WHERE project_id = $1 AND version = $2",
    [projectId, version],
  );
  return row?.body ?? null;
}

export async function insertGuidelineVersion(
  db: Queryable,
  v: { projectId: string; version: number; body: string; createdById: string | null },
): Promise<void> {
  await execute(
    db,
    `INSERT INTO guideline_versions (id, project_id, version, body, created_by_id)
     VALUES (gen_random_uuid(), $1, $2, $3, $4)`,
    [v.projectId, v.version, v.body, v.createdById],
  );
}

/** A higher overlap: each item gets only the slots it lacks, and items with a free slot reopen. */
export async function addOverlapSlots(db: Queryable, projectId: string, overlap: number): Promise<void> {
  // One item may already have more than the old overlap ("one more labeler"), or gaps in its
  // indexes (a lower overlap removed a free slot between held ones). New indexes follow the
  // item's highest, so they never clash.
  await execute(
    db,
    `INSERT INTO slots (id, item_id, project_id, index)
     SELECT gen_random_uuid(), i.id, i.project_id, have.next_index + n
       FROM items i
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS slots, COALESCE(max(s.index) + 1, 0) AS next_index FROM slots s WHERE s.item_id = i.id
       ) have
       -- An item a judge routed (target_overlap, docs/JUDGES.md) keeps its own target.
       CROSS JOIN LATERAL generate_series(0, COALESCE(i.target_overlap, $2::int) - have.slots - 1) AS n
      WHERE i.project_id = $1::uuid AND i.status <> 'archived'`,
    [projectId, overlap],
  );
  await execute(
    db,
    `UPDATE items i SET status = 'open'
      WHERE i.project_id = $1::uuid AND i.status = 'done'
        AND EXISTS (SELECT 1 FROM slots s WHERE s.item_id = i.id AND s.state <> 'done')`,
    [projectId],
  );
}

/** A lower overlap: only slots nobody holds go, and items with nothing left to do are done. */
export async function removeOverlapSlots(db: Queryable, projectId: string, overlap: number): Promise<void> {
  // An item a judge routed keeps at most its own target (docs/JUDGES.md), the lower of the two.
  await execute(
    db,
    `DELETE FROM slots s USING items i
      WHERE s.project_id = $1::uuid AND i.id = s.item_id AND s.state = 'open'
        AND s.index >= LEAST($2::int, COALESCE(i.target_overlap, $2::int))`,
    [projectId, overlap],
  );
  await execute(
    db,
    `UPDATE items i SET status = 'done'
      WHERE i.project_id = $1::uuid AND i.status = 'open'
        AND NOT EXISTS (SELECT 1 FROM slots s WHERE s.item_id = i.id AND s.state <> 'done')`,
    [projectId],
  );
}

const memberRow = z.object({ email: z.string() });

/** A member's email, or null when the user is not a member of the project. */
export async function memberEmail(db: Queryable, projectId: string, userId: string): Promise<string | null> {
  const row = await queryRow(
    db,
    memberRow,
    `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.project_id = $1 AND m.user_id = $2`,
    [projectId, userId],
  );
  return row?.email ?? null;
}

/** Adds a membership; false when it already existed. */
export async function insertMembership(db: Queryable, projectId: string, userId: string): Promise<boolean> {
  const added = await execute(
    db,
    "INSERT INTO memberships (project_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    [projectId, userId],
  );
  return added > 0;
}

export async function deleteMembership(db: Queryable, projectId: string, userId: string): Promise<void> {
  await execute(db, "DELETE FROM memberships WHERE project_id = $1 AND user_id = $2", [projectId, userId]);
}

/**
 * What stands between a labeler and real tasks in a project (issue 16, docs/QUALITY.md),
 * as rlhf_quality_slot decides it: "qualification" (they are served qualification items
 * only), "qualification_pending" (all answered, waiting for a grade), "not_qualified",
 * "labeler_paused" (attention checks), "draft" (the project has not started); null: none.
 */
export type LabelerGate =
  "qualification" | "qualification_pending" | "not_qualified" | "labeler_paused" | "draft" | null;

const remainingRow = z.object({
  n: z.number(),
  gate: z.enum(["qualification", "not_qualified", "labeler_paused", "draft"]).nullable(),
});

/**
 * Items a labeler could still be served in a project, counted up to `cap`, and the gate that
 * decides which: behind the qualification, the usable qualification items they have not
 * answered or skipped (all of them once a failed attempt's wait is over: the next claim starts
 * a new attempt); paused, failed, or in a project not started, none. Otherwise the items
 * eligible for them with a free slot (the database functions the claim uses), plus the
 * training items and attention checks still waiting for them (rlhf_quality_slot serves those,
 * the queue never does), so that a check in hand leaves "Left for you" where any task would.
 * Checks are served only while a real task is left, so they count only then.
 */
export async function remainingFor(
  db: Queryable,
  projectId: string,
  userId: string,
  cap: number,
): Promise<{ n: number; gate: Exclude<LabelerGate, "qualification_pending"> }> {
  const [row] = await queryRows(
    db,
    remainingRow,
    `WITH gate AS (
       SELECT CASE
                WHEN p.status = 'draft' THEN 'draft'
                WHEN coalesce(st.paused, false) THEN 'labeler_paused'
                WHEN p.qualification_required AND coalesce(st.status, 'pending') <> 'passed' THEN
                  CASE WHEN st.status = 'failed' AND NOT coalesce(st.retry_after <= now(), false) THEN 'not_qualified'
                       ELSE 'qualification' END
              END AS gate,
              -- Failed with the wait over: the next claim starts a new attempt, which clears their
              -- qualification slots and skips (startQualificationRetry): every question is left.
              coalesce(st.status = 'failed' AND st.retry_after <= now(), false) AS retry,
              p.kind, p.training_items, p.attention_rate
         FROM projects p
         LEFT JOIN labeler_standings st ON st.project_id = p.id AND st.labeler_id = $2::uuid
        WHERE p.id = $1::uuid
     ), waiting AS (
       -- Gold items of a role not yet served to this labeler (rlhf_quality_slot's test).
       SELECT i.gold_role, count(*)::int AS n
         FROM items i, gate g
        WHERE i.project_id = $1::uuid AND i.gold_role IS NOT NULL
          AND (i.gold_answer IS NOT NULL OR (i.gold_role <> 'attention' AND g.kind = 'demonstration'))
          AND NOT EXISTS (SELECT 1 FROM slots mine WHERE mine.item_id = i.id AND mine.labeler_id = $2::uuid)
          AND NOT EXISTS (SELECT 1 FROM skips k WHERE k.item_id = i.id AND k.labeler_id = $2::uuid)
        GROUP BY 1
     ), eligible AS (
       SELECT count(*)::int AS n FROM (
         SELECT i.id FROM rlhf_items_eligible_for($1::uuid, $2::uuid) i
          WHERE EXISTS (SELECT 1 FROM slots s WHERE s.item_id = i.id AND rlhf_slot_is_free(s.state, s.lease_expires_at))
          LIMIT $3) r
     )
     SELECT g.gate,
            CASE
              WHEN g.gate = 'qualification' AND g.retry THEN
                (SELECT count(*)::int FROM items i
                  WHERE i.project_id = $1::uuid AND i.gold_role = 'qualification'
                    AND (i.gold_answer IS NOT NULL OR g.kind = 'demonstration'))
              WHEN g.gate = 'qualification' THEN
                coalesce((SELECT n FROM waiting WHERE gold_role = 'qualification'), 0)
              WHEN g.gate IS NOT NULL THEN 0
              ELSE e.n
                   -- Checks are served only while a real task is left (rlhf_quality_slot).
                   + CASE WHEN g.attention_rate > 0 AND e.n > 0
                          THEN coalesce((SELECT n FROM waiting WHERE gold_role = 'attention'), 0) ELSE 0 END
                   -- Training items come first within the labeler's first training_items answers;
                   -- the task in hand (counted by the caller) will be one of them.
                   + CASE WHEN g.training_items > 0 THEN
                       least(coalesce((SELECT n FROM waiting WHERE gold_role = 'training'), 0),
                             greatest(0, g.training_items - (
                               SELECT count(*)::int FROM annotations a JOIN items ai ON ai.id = a.item_id
                                WHERE a.project_id = $1::uuid AND a.labeler_id = $2::uuid
                                  AND ai.gold_role IS DISTINCT FROM 'qualification') - (
                               SELECT count(*)::int FROM slots s JOIN items si ON si.id = s.item_id
                                WHERE s.project_id = $1::uuid AND s.labeler_id = $2::uuid AND s.state = 'leased'
                                  AND si.gold_role IS DISTINCT FROM 'qualification')))
                     ELSE 0 END
            END AS n
       FROM gate g, eligible e`,
    [projectId, userId, cap],
  );
  return row ?? { n: 0, gate: null };
}

/** The gate once the task in hand is counted: behind the qualification with nothing left, a grade is awaited. */
export function gateWith(gate: LabelerGate, remaining: number): LabelerGate {
  return gate === "qualification" && remaining === 0 ? "qualification_pending" : gate;
}
