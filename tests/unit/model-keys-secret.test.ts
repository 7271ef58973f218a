// Which secret model endpoints' keys are encrypted under: MODEL_KEYS_SECRET, else AUTH_SECRET.
import { afterEach, describe, expect, it, vi } from "vitest";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

async function secretWith(settings: Record<string, string | undefined>) {
  process.env = { ...saved, DATABASE_URL: "postgresql://localhost/x", NODE_ENV: "test", ...settings };
  for (const [name, value] of Object.entries(settings)) if (value === undefined) delete process.env[name];
  vi.resetModules(); // env() reads process.env once per module instance
  const { modelKeysSecret } = await import("@/lib/server/env");
  return modelKeysSecret();
}

const AUTH = "auth-secret-0123456789abcdef0123456789";
const MODELS = "model-keys-secret-0123456789abcdef0123";

describe("modelKeysSecret", () => {
  it("is MODEL_KEYS_SECRET when set, AUTH_SECRET otherwise (an empty value counts as unset)", async () => {
    expect(await secretWith({ AUTH_SECRET: AUTH, MODEL_KEYS_SECRET: MODELS })).toBe(MODELS);
    expect(await secretWith({ AUTH_SECRET: AUTH, MODEL_KEYS_SECRET: undefined })).toBe(AUTH);
    expect(await secretWith({ AUTH_SECRET: AUTH, MODEL_KEYS_SECRET: "" })).toBe(AUTH);
  });

  it("refuses a short MODEL_KEYS_SECRET at start", async () => {
    await expect(secretWith({ AUTH_SECRET: AUTH, MODEL_KEYS_SECRET: "short" })).rejects.toThrow(
      "MODEL_KEYS_SECRET: MODEL_KEYS_SECRET must be at least 32 characters",
    );
  });
});
