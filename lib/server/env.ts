import "server-only";
import { z } from "zod";

// The one place that reads process.env for the app. Validated on first use; in
// production a missing or weak AUTH_SECRET stops the server at start-up (see
// instrumentation.ts) instead of failing on a request.
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgresql:// connection string" }),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  /**
   * Encrypts the API keys of model endpoints (AES-256-GCM); AUTH_SECRET when unset. Changing
   * it (or AUTH_SECRET without it) makes the stored keys unreadable: re-enter them.
   */
  MODEL_KEYS_SECRET: z.preprocess(
    // Empty (an unfilled line of .env, docker compose's ${VAR:-}) is unset.
    (value) => (value === "" ? undefined : value),
    z.string().min(32, "MODEL_KEYS_SECRET must be at least 32 characters").optional(),
  ),
  /** Trust X-Forwarded-For for the client address (only behind a proxy you control). */
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  /** The URL users open; its origin is accepted as our own by the cross-site checks. */
  NEXTAUTH_URL: z.string().url({ message: "NEXTAUTH_URL must be a URL such as https://studio.example.com" }).optional(),
  /** Connections per app process. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  /** How often each app process gives expired leases' slots back (0: never; claims still reclaim them). */
  LEASE_SWEEP_SECONDS: z.coerce.number().int().min(0).max(3600).default(15),
  /**
   * How often each app process repairs stale agreement stats and refreshes the stored figures
   * of large projects (0: never; `agreement --project S --refresh` still does).
   */
  AGREEMENT_REFRESH_SECONDS: z.coerce.number().int().min(0).max(86400).default(60),
  /**
   * A project with at most this many slots (answers needed) has its page figures computed on
   * each view; a larger one shows those the background refresher stored (every
   * AGREEMENT_REFRESH_SECONDS at most), so that its page stays fast on 750,000 answers.
   */
  PROJECT_LIVE_FIGURES_MAX_SLOTS: z.coerce.number().int().min(0).max(10_000_000).default(20_000),
  /** Generation (docs/MODELS.md, "Limits"): how long one request to a model may take. */
  GENERATION_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /** Attempts after the first for a request that failed with 429, 5xx, a timeout or no connection. */
  GENERATION_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(5),
  /** The first retry's delay; each next one doubles (with jitter). Retry-After waits longer. */
  GENERATION_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(2),
  /** How often pg-boss's maintenance runs: it hands a dead worker's requests to another. */
  GENERATION_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(30),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  if (parsed.data.NODE_ENV === "production" && !parsed.data.AUTH_SECRET) {
    throw new Error("AUTH_SECRET is required in production (at least 32 random characters)");
  }
  cached = parsed.data;
  return cached;
}

/** The secret that signs session cookies. Development gets a fixed, clearly unsafe one. */
export function authSecret(): string {
  return env().AUTH_SECRET ?? "development-only-secret-never-use-in-production";
}

/** The secret model endpoints' API keys are encrypted with (docs/MODELS.md, "Keys"). */
export function modelKeysSecret(): string {
  return env().MODEL_KEYS_SECRET ?? authSecret();
}

/**
 * An endpoint's key named by an environment variable (`--api-key-env VAR`), read at call time
 * so that rotating it needs no change here. The name was checked when it was stored
 * (lib/validation/models.ts refuses the app's own settings).
 */
export function endpointKeyFromEnvironment(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}
