import "server-only";
import { z } from "zod";
import { execute, queryRow, queryRows, type Queryable } from "@/lib/server/db/query";

const targetRow = z
  .object({
    id: z.string(),
    slug: z.string(),
    kind: z.string(),
    status: z.string(),
    overlap: z.number().int(),
    max_completions: z.number().int(),
  })
  .transform((r) => ({
    id: r.id,
    slug: r.slug,
    kind: r.kind,
    status: r.status,
    overlap: r.overlap,
    maxCompletions: r.max_completions,
  }));
export type RouteTarget = z.output<typeof targetRow>;

/**
 * The projects routing rules name, held (FOR SHARE) until the transaction ends so that none is
 * archived or removed while its review items are written.
 */
export function selectRouteTargets(db: Queryable, ids: string[]): Promise<RouteTarget[]> {
  return queryRows(
    db,
    targetRow,
    `SELECT id, slug, kind::text AS kind, status::text AS status, overlap, max_completions
       FROM projects WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE`,
    [ids],
  );
}

export async function projectSlugOf(db: Queryable, id: string): Promise<string | null> {
  const row = await queryRow(db, z.object({ slug: z.string() }), "SELECT slug FROM projects WHERE id = $1::uuid", [id]);
  return row?.slug ?? null;
}

/** The ids of a project's items by external id. */
export function itemIdsByExternalId(db: Queryable, projectId: string, externalIds: string[]) {
  return queryRows(
    db,
    z.object({ id: z.string(), external_id: z.string() }).transform((r) => ({ id: r.id, externalId: r.external_id })),
    "SELECT id, external_id FROM items WHERE project_id = $1::uuid AND external_id = ANY($2::text[])",
    [projectId, externalIds],
  );
}

export interface RouteRecord {
  /** feedback_events.id */
  id: string;
  log: unknown[];
  routedBy: string | null;
  reviewItemId: string | null;
}

/**
 * Writes what routing decided for each event. Only an event not routed yet takes a review item,
 * so a replay of the same events never links a second one.
 */
export function writeRouteRecords(db: Queryable, records: RouteRecord[]): Promise<number> {
  if (records.length === 0) return Promise.resolve(0);
  return execute(
    db,
    `UPDATE feedback_events f
        SET route_log = u.log::jsonb, routed_by = u.routed_by, review_item_id = u.item_id
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[]) AS u(id, log, routed_by, item_id)
      WHERE f.id = u.id AND f.review_item_id IS NULL`,
    [
      records.map((r) => r.id),
      records.map((r) => JSON.stringify(r.log)),
      records.map((r) => r.routedBy),
      records.map((r) => r.reviewItemId),
    ],
  );
}
