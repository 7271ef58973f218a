import "server-only";
import { updateModelEndpointSchema, type UpdateModelEndpointInput } from "@/lib/validation/models";
import { recordAudit } from "@/lib/server/audit-queries";
import { inTransaction } from "@/lib/server/db/client";
import { isUniqueViolation } from "@/lib/server/db/query";
import { modelKeysSecret } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { encryptApiKey } from "@/lib/server/models/key-crypto";
import { selectEndpoint, updateEndpoint, type EndpointSettings } from "@/lib/server/models/model-endpoint-queries";
import {
  auditedSettings,
  notFound,
  toPublicEndpoint,
  type PublicModelEndpoint,
} from "@/lib/server/models/model-endpoint-record";

/**
 * Changes an endpoint's settings. A new key replaces the stored one or the environment
 * variable (and the other way round); `apiKey: null` removes a stored key, `apiKeyEnv: null`
 * the variable. The audit entry says the key changed, never what it is.
 */
export async function updateModelEndpoint(options: {
  id: string;
  change: UpdateModelEndpointInput;
  actorId: string | null;
}): Promise<PublicModelEndpoint> {
  const { apiKey, apiKeyEnv, stop, ...settings } = updateModelEndpointSchema.parse(options.change);
  const change: EndpointSettings = {
    ...settings,
    // No stop sequences is the empty list (the column is an array).
    ...(stop !== undefined ? { stop: stop ?? [] } : {}),
  };
  if (apiKey)
    Object.assign(change, { keyCiphertext: encryptApiKey(apiKey, modelKeysSecret(), options.id), keyEnv: null });
  else if (apiKeyEnv) Object.assign(change, { keyEnv: apiKeyEnv, keyCiphertext: null });
  if (apiKey === null) change.keyCiphertext = null;
  if (apiKeyEnv === null) change.keyEnv = null;
  try {
    return await inTransaction(async (tx) => {
      const before = await selectEndpoint(tx, { id: options.id }, { forUpdate: true });
      if (!before) throw notFound({ id: options.id });
      const after = (await updateEndpoint(tx, options.id, change))!;
      const keyChanged = before.keyCiphertext !== after.keyCiphertext || before.keyEnv !== after.keyEnv;
      await recordAudit(tx, {
        actorId: options.actorId,
        action: "model.update",
        entityType: "model_endpoint",
        entityId: after.id,
        before: auditedSettings(before),
        after: { ...auditedSettings(after), ...(keyChanged ? { keyChanged: true } : {}) },
      });
      return toPublicEndpoint(after);
    });
  } catch (error) {
    if (isUniqueViolation(error, "model_endpoints_name_key")) {
      throw new AppError("conflict", `a model endpoint named ${settings.name} already exists`);
    }
    throw error;
  }
}
