// Model endpoints (docs/MODELS.md, "Endpoints"): the rules the API, the CLI and the admin page
// share. Numbers are coerced so that CLI flags and form fields ("0.7") parse like JSON bodies.
import { z } from "zod";
import { storableText } from "@/lib/validation/text";

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** Names appear in `generate --models a,b` and in URLs: no commas, no spaces. */
export const modelEndpointNameSchema = z
  .string()
  .trim()
  .regex(
    NAME_PATTERN,
    "name: lower-case letters, digits, '.', '-' and '_', starting with a letter or digit, at most 63",
  );

/**
 * An endpoint's base URL, as the OpenAI SDK takes it (`http://host:8000/v1`): http(s) only,
 * no user or password (a key goes in the key field, where it is encrypted), no query or
 * fragment (the SDK appends paths). Normalised without a trailing slash.
 */
export const baseUrlSchema = z
  .string()
  .trim()
  .min(1, "base URL is required")
  .max(2000, "base URL is too long")
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "base URL is not a URL (for example http://localhost:8000/v1)" });
      return z.NEVER;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: `base URL must use http or https, not ${url.protocol.slice(0, -1)}` });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.addIssue({
        code: "custom",
        message: "base URL must not contain a user name or password: give the key as the API key",
      });
      return z.NEVER;
    }
    if (url.search || url.hash || value.includes("?") || value.includes("#")) {
      ctx.addIssue({ code: "custom", message: "base URL takes no query string or fragment" });
      return z.NEVER;
    }
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  });

export const modelIdSchema = storableText()
  .trim()
  .min(1, "model id is required")
  .max(256, "model id is too long")
  .regex(/^[^\p{Cc}]+$/u, "model id contains a control character");

/** As an HTTP header carries it: printable ASCII, no spaces. Never echoed in a message. */
export const apiKeySchema = z
  .string()
  .min(1, "the API key is empty")
  .max(4096, "the API key is too long")
  .regex(/^[\x21-\x7e]+$/, "the API key must be printable ASCII without spaces");

/**
 * The app's own settings, which an endpoint may not name as its key: the key is sent to
 * whatever URL the endpoint names, so `--api-key-env AUTH_SECRET` would hand the secret that
 * signs sessions to that server.
 */
export const RESERVED_KEY_ENV_NAMES: ReadonlySet<string> = new Set([
  "AUTH_SECRET",
  "NEXTAUTH_SECRET",
  "MODEL_KEYS_SECRET",
  "DATABASE_URL",
  "TEST_DATABASE_URL",
  "PGPASSWORD",
  "E2E_ADMIN_PASSWORD",
]);

export const keyEnvNameSchema = z
  .string()
  .trim()
  .max(128, "environment variable name is too long")
  .regex(/^[A-Z_][A-Z0-9_]*$/, "environment variable name: upper-case letters, digits and _, not starting with a digit")
  .refine((name) => !RESERVED_KEY_ENV_NAMES.has(name), {
    message: "that environment variable is one of RLHF Studio's own settings, not an endpoint's key",
  });

const temperature = z.coerce
  .number()
  .min(0, "temperature must be between 0 and 2")
  .max(2, "temperature must be between 0 and 2");
const topP = z.coerce
  .number()
  .gt(0, "top_p must be above 0 and at most 1")
  .max(1, "top_p must be above 0 and at most 1");
const maxTokens = z.coerce
  .number()
  .int("max tokens must be a whole number")
  .min(1, "max tokens must be at least 1")
  .max(1_000_000, "max tokens must be at most 1,000,000");
const stop = z
  .array(
    storableText().min(1, "a stop sequence cannot be empty").max(200, "a stop sequence is at most 200 characters"),
    {
      error: 'stop sequences: a JSON array of up to 4 strings, such as ["\\n\\nUser:"]',
    },
  )
  .max(4, "at most 4 stop sequences");
const seed = z.coerce
  .number()
  .int("seed must be a whole number")
  .min(-2147483648, "seed must fit in 32 bits")
  .max(2147483647, "seed must fit in 32 bits");
const maxConcurrency = z.coerce
  .number()
  .int("max concurrency must be a whole number")
  .min(1, "max concurrency must be at least 1")
  .max(256, "max concurrency must be at most 256");
const requestsPerMinute = z.coerce
  .number()
  .int("requests per minute must be a whole number")
  .min(1, "requests per minute must be at least 1")
  .max(1_000_000, "requests per minute must be at most 1,000,000");

/** US dollars per million tokens, for a conversation's cost (docs/MODELS.md, "Prices"). */
const pricePerMTok = z.coerce
  .number({ error: "a price is a number of US dollars per million tokens" })
  .min(0, "a price cannot be negative")
  .max(100_000, "a price is at most 100,000 US dollars per million tokens");

const oneKeySource = {
  check: (v: { apiKey?: string | null; apiKeyEnv?: string | null }) => !(v.apiKey && v.apiKeyEnv),
  message: {
    message: "give either an API key or the name of an environment variable holding it, not both",
    path: ["apiKeyEnv"],
  },
};

export const createModelEndpointSchema = z
  .object({
    name: modelEndpointNameSchema,
    baseUrl: baseUrlSchema,
    model: modelIdSchema,
    apiKey: apiKeySchema.optional(),
    apiKeyEnv: keyEnvNameSchema.optional(),
    temperature: temperature.optional(),
    topP: topP.optional(),
    maxTokens: maxTokens.optional(),
    stop: stop.optional(),
    seed: seed.optional(),
    maxConcurrency: maxConcurrency.default(4),
    requestsPerMinute: requestsPerMinute.optional(),
    inputPricePerMTok: pricePerMTok.optional(),
    outputPricePerMTok: pricePerMTok.optional(),
  })
  .strict()
  .refine(oneKeySource.check, oneKeySource.message);
export type CreateModelEndpointInput = z.input<typeof createModelEndpointSchema>;

/**
 * A change: fields left out stay as they are; null clears a default (the server's applies),
 * the limit per minute, or the key. A new `apiKey` replaces an environment variable and the
 * other way round.
 */
export const updateModelEndpointSchema = z
  .object({
    name: modelEndpointNameSchema.optional(),
    baseUrl: baseUrlSchema.optional(),
    model: modelIdSchema.optional(),
    apiKey: apiKeySchema.nullable().optional(),
    apiKeyEnv: keyEnvNameSchema.nullable().optional(),
    temperature: temperature.nullable().optional(),
    topP: topP.nullable().optional(),
    maxTokens: maxTokens.nullable().optional(),
    stop: stop.nullable().optional(),
    seed: seed.nullable().optional(),
    maxConcurrency: maxConcurrency.optional(),
    requestsPerMinute: requestsPerMinute.nullable().optional(),
    inputPricePerMTok: pricePerMTok.nullable().optional(),
    outputPricePerMTok: pricePerMTok.nullable().optional(),
  })
  .strict()
  .refine(oneKeySource.check, oneKeySource.message);
export type UpdateModelEndpointInput = z.input<typeof updateModelEndpointSchema>;

/** The "Test" request: one tiny chat completion. */
export const testModelEndpointSchema = z
  .object({
    prompt: storableText().trim().min(1).max(500, "the test prompt is at most 500 characters").optional(),
    maxTokens: z.coerce
      .number()
      .int()
      .min(1, "a test asks for 1 to 8 tokens")
      .max(8, "a test asks for 1 to 8 tokens")
      .default(8),
  })
  .strict();
export type TestModelEndpointInput = z.input<typeof testModelEndpointSchema>;

/**
 * Stop sequences as the CLI and the form take them: a JSON array of strings
 * (`["\n\nUser:"]`, where escapes such as \n work), or one sequence as typed.
 */
export function parseStopText(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith("[")) return [text];
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}
