// model add | set | list | test | remove: OpenAI-compatible endpoints (docs/MODELS.md).
import { UsageError } from "@/cli/args";
import { defineCommand } from "@/cli/command";
import { readSecret, RefusedError } from "@/cli/io";
import {
  createModelEndpointSchema,
  parseStopText,
  testModelEndpointSchema,
  updateModelEndpointSchema,
} from "@/lib/validation/models";

const name = { type: "string", value: "N", required: true, help: "the endpoint's name" } as const;

/** The settings both `add` and `set` take (each optional for `set`). */
const settingOptions = {
  "max-concurrency": { type: "string", value: "N", help: "requests in flight at once, 1 to 256 (default 4)" },
  "requests-per-minute": {
    type: "string",
    value: "N",
    help: "at most this many requests a minute (default: no limit)",
  },
  temperature: { type: "string", value: "T", help: "default sampling temperature, 0 to 2" },
  "top-p": { type: "string", value: "P", help: "default nucleus sampling, above 0 and at most 1" },
  "max-tokens": { type: "string", value: "N", help: "default length limit of a completion" },
  stop: { type: "string", value: "S", help: 'a stop sequence, or a JSON array of up to 4 (["\\n\\nUser:"])' },
  seed: { type: "string", value: "N", help: "default seed (servers that support it sample reproducibly)" },
  "input-price": { type: "string", value: "USD", help: "US$ per million prompt tokens (a conversation's cost)" },
  "output-price": { type: "string", value: "USD", help: "US$ per million completion tokens" },
} as const;

const keyOptions = {
  "api-key-env": {
    type: "string",
    value: "VAR",
    help: "the environment variable holding the key, read when a request is sent (stored: its name)",
  },
  "api-key-stdin": { type: "boolean", help: "read the key from stdin (stored encrypted; never shown again)" },
} as const;

type SettingValues = { [K in keyof typeof settingOptions]: string | undefined };

function settingsOf(o: SettingValues) {
  return {
    maxConcurrency: o["max-concurrency"],
    requestsPerMinute: o["requests-per-minute"],
    temperature: o.temperature,
    topP: o["top-p"],
    maxTokens: o["max-tokens"],
    stop: o.stop === undefined ? undefined : parseStopText(o.stop),
    seed: o.seed,
    inputPricePerMTok: o["input-price"],
    outputPricePerMTok: o["output-price"],
  };
}

async function keyOf(o: { "api-key-env": string | undefined; "api-key-stdin": boolean }) {
  if (o["api-key-env"] !== undefined && o["api-key-stdin"]) {
    throw new UsageError("give --api-key-env or --api-key-stdin, not both");
  }
  return { apiKey: o["api-key-stdin"] ? await readSecret("API key") : undefined, apiKeyEnv: o["api-key-env"] };
}

export const modelAdd = defineCommand({
  name: "model add",
  summary:
    'Registers an OpenAI-compatible endpoint (admins\' model list). Prints {"model": {"id", "name", "baseUrl", "model", "hasKey", "keyEnv"}}; never the key.',
  options: {
    name: { ...name, help: "lower-case letters, digits, '.', '-' and '_', at most 63" },
    "base-url": { type: "string", value: "URL", required: true, help: "http(s) URL of the API, usually ending in /v1" },
    model: { type: "string", value: "ID", required: true, help: "the model id the server knows" },
    ...keyOptions,
    ...settingOptions,
  },
  async run(o) {
    // The API's schema: the CLI refuses what POST /api/models and the Models page refuse.
    const input = createModelEndpointSchema.parse({
      name: o.name,
      baseUrl: o["base-url"],
      model: o.model,
      ...(await keyOf(o)),
      ...settingsOf(o),
    });
    const { createModelEndpoint } = await import("@/lib/server/models/create-model-endpoint");
    const endpoint = await createModelEndpoint(input, null);
    return {
      model: {
        id: endpoint.id,
        name: endpoint.name,
        baseUrl: endpoint.baseUrl,
        model: endpoint.model,
        hasKey: endpoint.hasKey,
        keyEnv: endpoint.keyEnv,
      },
    };
  },
});

export const modelSet = defineCommand({
  name: "model set",
  summary:
    'Changes an endpoint: the options given, nothing else (a new key with --api-key-stdin or --api-key-env, or none with --no-key). Prints {"model": {...}} as model list shows it.',
  options: {
    name,
    rename: { type: "string", value: "N", help: "a new name" },
    "base-url": { type: "string", value: "URL", help: "a new base URL" },
    model: { type: "string", value: "ID", help: "a new model id" },
    ...keyOptions,
    "no-key": { type: "boolean", help: "remove the key (stored or environment variable)" },
    ...settingOptions,
  },
  async run(o) {
    const key = await keyOf(o);
    if (o["no-key"] && (key.apiKey !== undefined || key.apiKeyEnv !== undefined)) {
      throw new UsageError("--no-key cannot go with a new key");
    }
    const change = updateModelEndpointSchema.parse({
      name: o.rename,
      baseUrl: o["base-url"],
      model: o.model,
      ...(o["no-key"] ? { apiKey: null, apiKeyEnv: null } : key),
      ...settingsOf(o),
    });
    const { modelEndpoint } = await import("@/lib/server/models/model-endpoint-record");
    const { updateModelEndpoint } = await import("@/lib/server/models/update-model-endpoint");
    const { id } = await modelEndpoint({ name: o.name });
    return { model: await updateModelEndpoint({ id, change, actorId: null }) };
  },
});

export const modelList = defineCommand({
  name: "model list",
  summary:
    'The endpoints by name. Prints {"models": [{"id", "name", "baseUrl", "model", "maxConcurrency", "requestsPerMinute", "hasKey", "keyEnv", "temperature", "topP", "maxTokens", "stop", "seed", "lastTest", ...}]}; never a key.',
  options: {},
  async run() {
    const { listModelEndpoints } = await import("@/lib/server/models/model-endpoint-record");
    return { models: await listModelEndpoints() };
  },
});

export const modelTest = defineCommand({
  name: "model test",
  summary:
    'Sends one tiny chat completion. Prints {"test": {"ok": true, "latencyMs", "reply", "finishReason", "usage"}}, or {"test": {"ok": false, "kind", "status", "error"}} and exits 1.',
  options: {
    name,
    prompt: { type: "string", value: "P", help: 'what to ask (default "Reply with one word: hello.")' },
    "max-tokens": { type: "string", value: "N", help: "1 to 8 (default 8)" },
  },
  async run(o) {
    const input = testModelEndpointSchema.parse({ prompt: o.prompt, maxTokens: o["max-tokens"] });
    const { testModelEndpoint } = await import("@/lib/server/models/test-model-endpoint");
    const test = await testModelEndpoint({ endpoint: { name: o.name }, input });
    if (!test.ok) throw new RefusedError(`endpoint ${o.name}: ${test.error}`, { test });
    return { test };
  },
});

export const modelRemove = defineCommand({
  name: "model remove",
  summary: 'Removes an endpoint and its stored key. Prints {"removed": true, "id", "name"}.',
  options: { name },
  async run(o) {
    const { removeModelEndpoint } = await import("@/lib/server/models/remove-model-endpoint");
    return removeModelEndpoint({ endpoint: { name: o.name }, actorId: null });
  },
});
