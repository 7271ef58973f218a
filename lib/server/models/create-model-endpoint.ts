import "server-only";
import { randomUUID } from "node:crypto";
import { createModelEndpointSchema, type CreateModelEndpointInput } from "@/lib/validation/models";
import { recordAudit } from "@/lib/server/audit-queries";
import { inTransaction } from "@/lib/server/db/client";
import { isUniqueViolation } from "@/lib/server/db/query";
import { modelKeysSecret } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { encryptApiKey } from "@/lib/server/models/key-crypto";
import { insertEndpoint } from "@/lib/server/models/model-endpoint-queries";
import { auditedSettings, toPublicEndpoint, type PublicModelEndpoint } from "@/lib/server/models/model-endpoint-record";

/** Registers an endpoint (admins; `actorId` null for the CLI). The key is encrypted before it is stored. */
export async function createModelEndpoint(
  input: CreateModelEndpointInput,
  actorId: string | null,
): Promise<PublicModelEndpoint> {
  const { apiKey, apiKeyEnv, ...settings } = createModelEndpointSchema.parse(input);
  // The id is the ciphertext's associated data, so it is chosen before the row exists.
  const id = randomUUID();
  try {
    return await inTransaction(async (tx) => {
      const row = await insertEndpoint(tx, id, {
        ...settings,
        keyCiphertext: apiKey ? encryptApiKey(apiKey, modelKeysSecret(), id) : null,
        keyEnv: apiKeyEnv ?? null,
      });
      await recordAudit(tx, {
        actorId,
        action: "model.create",
        entityType: "model_endpoint",
        entityId: row.id,
        after: auditedSettings(row),
      });
      return toPublicEndpoint(row);
    });
  } catch (error) {
    if (isUniqueViolation(error, "model_endpoints_name_key")) {
      throw new AppError("conflict", `a model endpoint named ${settings.name} already exists`);
    }
    throw error;
  }
}
