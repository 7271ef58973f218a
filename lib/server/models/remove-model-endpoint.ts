import "server-only";
import { recordAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { auditedSettings, type EndpointRef } from "@/lib/server/models/model-endpoint-record";

/** Removes an endpoint and its stored key; the audit log keeps its settings (without the key). */
export async function removeModelEndpoint(options: {
  endpoint: EndpointRef;
  actorId: string | null;
}): Promise<{ removed: true; id: string; name: string }> {
  const where = "id" in options.endpoint ? { id: options.endpoint.id } : { name: options.endpoint.name };
  return db.$transaction(async (tx) => {
    const row = await tx.modelEndpoint.findUnique({ where });
    if (!row)
      throw new AppError(
        "not_found",
        "id" in options.endpoint ? "No such model endpoint" : `no model endpoint named ${options.endpoint.name}`,
      );
    await tx.modelEndpoint.delete({ where: { id: row.id } });
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
