import "server-only";
import type { Queryable } from "@/lib/server/db/query";
import { execute } from "@/lib/server/db/query";

/** What an audit event's before/after hold: any value JSON.stringify writes as plain JSON. */
export type AuditJson = unknown;

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string;
  projectId?: string;
  before?: AuditJson;
  after?: AuditJson;
}

const json = (value: AuditJson | undefined) => (value === undefined ? null : JSON.stringify(value));

/** Written inside the transaction of the change it records, so neither exists without the other. */
export async function recordAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await execute(
    tx,
    `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, project_id, before, after)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
    [
      entry.actorId,
      entry.action,
      entry.entityType,
      entry.entityId ?? null,
      entry.projectId ?? null,
      json(entry.before),
      json(entry.after),
    ],
  );
}
