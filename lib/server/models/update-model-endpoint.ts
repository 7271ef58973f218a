import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { updateModelEndpointSchema, type UpdateModelEndpointInput } from "@/lib/validation/models";
import { recordAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db/client";
import { modelKeysSecret } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { encryptApiKey } from "@/lib/server/models/key-crypto";
import { auditedSettings, toPublicEndpoint, type PublicModelEndpoint } from "@/lib/server/models/model-endpoint-record";

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
  const keyData: Prisma.ModelEndpointUpdateInput = {};
  if (apiKey)
    Object.assign(keyData, { keyCiphertext: encryptApiKey(apiKey, modelKeysSecret(), options.id), keyEnv: null });
  else if (apiKeyEnv) Object.assign(keyData, { keyEnv: apiKeyEnv, keyCiphertext: null });
  if (apiKey === null) keyData.keyCiphertext = null;
  if (apiKeyEnv === null) keyData.keyEnv = null;
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.modelEndpoint.findUnique({ where: { id: options.id } });
      if (!before) throw new AppError("not_found", "No such model endpoint");
      const after = await tx.modelEndpoint.update({
        where: { id: options.id },
        data: {
          ...settings,
          // No stop sequences is the empty list (the column is an array).
          ...(stop !== undefined ? { stop: stop ?? [] } : {}),
          ...keyData,
        },
      });
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
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", `a model endpoint named ${settings.name} already exists`);
    }
    throw error;
  }
}
