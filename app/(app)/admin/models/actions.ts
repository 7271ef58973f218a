"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  createModelEndpointSchema,
  parseStopText,
  testModelEndpointSchema,
  updateModelEndpointSchema,
} from "@/lib/validation/models";
import { runAction, type ActionState } from "@/lib/server/actions";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { createModelEndpoint } from "@/lib/server/models/create-model-endpoint";
import { removeModelEndpoint } from "@/lib/server/models/remove-model-endpoint";
import { testModelEndpoint } from "@/lib/server/models/test-model-endpoint";
import { updateModelEndpoint } from "@/lib/server/models/update-model-endpoint";

// The form's text fields as the shared schemas take them: an empty optional field is "not
// given" when adding, and "clear this default" when editing (null).
const SETTINGS = [
  "temperature",
  "topP",
  "maxTokens",
  "seed",
  "requestsPerMinute",
  "inputPricePerMTok",
  "outputPricePerMTok",
] as const;

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

function settingsFrom(form: FormData, empty: undefined | null) {
  const out: Record<string, unknown> = {};
  for (const name of SETTINGS) out[name] = text(form, name).trim() === "" ? empty : text(form, name).trim();
  out.stop = text(form, "stop") === "" ? empty : parseStopText(text(form, "stop"));
  const concurrency = text(form, "maxConcurrency").trim();
  if (concurrency !== "") out.maxConcurrency = concurrency;
  return out;
}

export async function createModelEndpointAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction(
    "createModelEndpoint",
    async () => {
      const input = createModelEndpointSchema.parse({
        name: text(form, "name"),
        baseUrl: text(form, "baseUrl"),
        model: text(form, "model"),
        apiKey: text(form, "apiKey") || undefined,
        apiKeyEnv: text(form, "apiKeyEnv").trim() || undefined,
        ...settingsFrom(form, undefined),
      });
      const endpoint = await createModelEndpoint(input, admin.id);
      revalidatePath("/admin/models");
      return `Added ${endpoint.name}.`;
    },
    form,
  );
}

export async function updateModelEndpointAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction(
    "updateModelEndpoint",
    async () => {
      const id = z.uuid().parse(form.get("id"));
      const removeKey = form.get("removeKey") === "on";
      const apiKey = text(form, "apiKey");
      const apiKeyEnv = text(form, "apiKeyEnv").trim();
      const change = updateModelEndpointSchema.parse({
        name: text(form, "name"),
        baseUrl: text(form, "baseUrl"),
        model: text(form, "model"),
        // A blank key field keeps the key; the checkbox removes it.
        ...(removeKey
          ? { apiKey: null, apiKeyEnv: null }
          : { apiKey: apiKey || undefined, apiKeyEnv: apiKeyEnv || undefined }),
        ...settingsFrom(form, null),
      });
      const endpoint = await updateModelEndpoint({ id, change, actorId: admin.id });
      revalidatePath("/admin/models");
      return `Saved ${endpoint.name}.`;
    },
    form,
  );
}

export async function removeModelEndpointAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await requirePageAdmin();
  return runAction("removeModelEndpoint", async () => {
    const id = z.uuid().parse(form.get("id"));
    const removed = await removeModelEndpoint({ endpoint: { id }, actorId: admin.id });
    revalidatePath("/admin/models");
    return `Removed ${removed.name}.`;
  });
}

export type ModelTestState = {
  ok: boolean;
  message: string;
  latencyMs?: number | null;
  reply?: string;
  finishReason?: string | null;
} | null;

export async function testModelEndpointAction(_previous: ModelTestState, form: FormData): Promise<ModelTestState> {
  const _admin = await requirePageAdmin();
  try {
    const id = z.uuid().parse(form.get("id"));
    const input = testModelEndpointSchema.parse({ maxTokens: text(form, "maxTokens") || undefined });
    const test = await testModelEndpoint({ endpoint: { id }, input });
    revalidatePath("/admin/models");
    return test.ok
      ? {
          ok: true,
          message: `Answered in ${test.latencyMs} ms`,
          latencyMs: test.latencyMs,
          reply: test.reply,
          finishReason: test.finishReason,
        }
      : { ok: false, message: test.error, latencyMs: test.latencyMs };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message };
    if (error instanceof z.ZodError) return { ok: false, message: error.issues[0]?.message ?? "Invalid request" };
    console.error("server action testModelEndpoint failed", error);
    return { ok: false, message: "Something went wrong. Please try again." };
  }
}
