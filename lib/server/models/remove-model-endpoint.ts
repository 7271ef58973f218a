import "server-only";
import { recordAudit } from "@/lib/server/audit-queries";
import { inTransaction } from "@/lib/server/db/client";
import { deleteEndpoint, selectEndpoint } from "@/lib/server/models/model-endpoint-queries";
import { auditedSettings, notFound, type EndpointRef } from "@/lib/server/models/model-endpoint-record";

/** Removes an endpoint and its stored key; the audit log keeps its settings (without the key). */
export async function removeModelEndpoint(options: {
  endpoint: EndpointRef;
  actorId: string | null;
}): Promise<{ removed: true; id: string; name: string }> {
  return inTransaction(async (tx) => {
    const row = await selectEndpoint(tx, options.endpoint, { forUpdate: true });
    if (!row) throw notFound(options.endpoint);
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
