import "server-only";
import { recordAudit } from "@/lib/server/audit-queries";
import { inTransaction } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { judgesUsingEndpoint } from "@/lib/server/judges/judge-queries";
import { deleteEndpoint, selectEndpoint } from "@/lib/server/models/model-endpoint-queries";
import { auditedSettings, notFound, type EndpointRef } from "@/lib/server/models/model-endpoint-record";

/** Removes an endpoint and its stored key; the audit log keeps its settings (without the key). An endpoint a judge uses is refused (409). */
export async function removeModelEndpoint(options: {
  endpoint: EndpointRef;
  actorId: string | null;
}): Promise<{ removed: true; id: string; name: string }> {
  return inTransaction(async (tx) => {
    const row = await selectEndpoint(tx, options.endpoint, { forUpdate: true });
    if (!row) throw notFound(options.endpoint);
    // judges.endpoint_id is ON DELETE RESTRICT: say which judges, rather than fail on the key.
    const judges = await judgesUsingEndpoint(tx, row.id);
    if (judges.length > 0) {
      throw new AppError(
        "conflict",
        `endpoint ${row.name} is used by ${judges.map((j) => `judge ${j.name} (project ${j.project_slug})`).join(", ")}: remove the judge or give it another model first`,
      );
    }
    await deleteEndpoint(tx, row.id);
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "model.remove",
      entityType: "model_endpoint",
      entityId: row.id,
      before: auditedSettings(row),
    });
    return { removed: true, id: row.id, name: row.name };
  });
}
