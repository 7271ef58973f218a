// The rules for model endpoints that the API, the CLI and the Models page share.
import { describe, expect, it } from "vitest";
import {
  baseUrlSchema,
  createModelEndpointSchema,
  keyEnvNameSchema,
  modelEndpointNameSchema,
  parseStopText,
  testModelEndpointSchema,
  updateModelEndpointSchema,
} from "@/lib/validation/models";

const messageOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? "accepted" : result.error!.issues.map((i) => i.message).join("; ");

describe("base URL", () => {
  it("accepts http and https, normalised without a trailing slash", () => {
    expect(baseUrlSchema.parse("http://localhost:8000/v1/")).toBe("http://localhost:8000/v1");
    expect(baseUrlSchema.parse(" https://API.Together.xyz/v1 ")).toBe("https://api.together.xyz/v1");
    expect(baseUrlSchema.parse("http://127.0.0.1:11434")).toBe("http://127.0.0.1:11434");
    expect(baseUrlSchema.parse("http://[::1]:8080/openai/v1")).toBe("http://[::1]:8080/openai/v1");
  });

  it("refuses every other scheme with a clear message", () => {
    for (const [url, scheme] of [
      ["ftp://models.example/v1", "ftp"],
      ["file:///etc/passwd", "file"],
      ["javascript:alert(1)", "javascript"],
      ["gopher://127.0.0.1:6379/_INFO", "gopher"],
      ["data:text/plain,hi", "data"],
    ]) {
      expect(messageOf(baseUrlSchema.safeParse(url))).toBe(`base URL must use http or https, not ${scheme}`);
    }
  });

  it("refuses credentials, a query or a fragment, and text that is no URL", () => {
    expect(messageOf(baseUrlSchema.safeParse("https://user:sk-secret@api.example/v1"))).toBe(
      "base URL must not contain a user name or password: give the key as the API key",
    );
    expect(messageOf(baseUrlSchema.safeParse("https://token@api.example/v1"))).toContain(
      "must not contain a user name",
    );
    expect(messageOf(baseUrlSchema.safeParse("https://api.example/v1?api_key=x"))).toBe(
      "base URL takes no query string or fragment",
    );
    expect(messageOf(baseUrlSchema.safeParse("https://api.example/v1#x"))).toBe(
      "base URL takes no query string or fragment",
    );
    expect(messageOf(baseUrlSchema.safeParse("localhost:8000/v1"))).toBe(
      "base URL must use http or https, not localhost",
    );
    expect(messageOf(baseUrlSchema.safeParse("not a url"))).toBe(
      "base URL is not a URL (for example http://localhost:8000/v1)",
    );
    expect(messageOf(baseUrlSchema.safeParse(""))).toBe("base URL is required");
  });
});

describe("names and key sources", () => {
  it("takes names that fit a comma-separated --models list", () => {
    expect(modelEndpointNameSchema.parse("llama-3.1-8b_sft")).toBe("llama-3.1-8b_sft");
    for (const bad of ["Llama", "a,b", "with space", "-dash-first", "", "x".repeat(64)]) {
      expect(modelEndpointNameSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("takes an environment variable name as [A-Z_][A-Z0-9_]*, never one of the app's own secrets", () => {
    expect(keyEnvNameSchema.parse("OPENAI_API_KEY")).toBe("OPENAI_API_KEY");
    expect(keyEnvNameSchema.parse("_VLLM_KEY2")).toBe("_VLLM_KEY2");
    for (const bad of ["openai_api_key", "2KEY", "KEY-NAME", "KEY NAME", "$(id)", ""]) {
      expect(messageOf(keyEnvNameSchema.safeParse(bad)), bad).toContain("environment variable name");
    }
    for (const own of ["AUTH_SECRET", "MODEL_KEYS_SECRET", "DATABASE_URL", "NEXTAUTH_SECRET"]) {
      expect(messageOf(keyEnvNameSchema.safeParse(own))).toBe(
        "that environment variable is one of RLHF Studio's own settings, not an endpoint's key",
      );
    }
  });

  it("refuses a stored key and an environment variable at once", () => {
    const both = createModelEndpointSchema.safeParse({
      name: "m",
      baseUrl: "http://localhost:8000/v1",
      model: "m",
      apiKey: "sk-abc",
      apiKeyEnv: "OPENAI_API_KEY",
    });
    expect(messageOf(both)).toBe("give either an API key or the name of an environment variable holding it, not both");
    expect(messageOf(both)).not.toContain("sk-abc");
    expect(updateModelEndpointSchema.safeParse({ apiKey: "sk-abc", apiKeyEnv: "OPENAI_API_KEY" }).success).toBe(false);
    expect(updateModelEndpointSchema.parse({ apiKey: null, apiKeyEnv: null })).toEqual({
      apiKey: null,
      apiKeyEnv: null,
    });
  });

  it("refuses a key an HTTP header cannot carry, without repeating it", () => {
    const result = createModelEndpointSchema.safeParse({
      name: "m",
      baseUrl: "http://localhost:8000/v1",
      model: "m",
      apiKey: "sk-abc\r\nX-Injected: 1",
    });
    expect(messageOf(result)).toBe("the API key must be printable ASCII without spaces");
  });
});

describe("sampling defaults and limits", () => {
  const base = { name: "m", baseUrl: "http://localhost:8000/v1", model: "m" };

  it("coerces CLI and form text like JSON numbers, with a default concurrency of 4", () => {
    expect(
      createModelEndpointSchema.parse({ ...base, temperature: "0.7", topP: "0.9", maxTokens: "256", seed: "-3" }),
    ).toEqual({ ...base, temperature: 0.7, topP: 0.9, maxTokens: 256, seed: -3, maxConcurrency: 4 });
  });

  it("refuses values out of range, naming the setting", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ temperature: 2.5 }, "temperature must be between 0 and 2"],
      [{ topP: 0 }, "top_p must be above 0 and at most 1"],
      [{ maxTokens: 0 }, "max tokens must be at least 1"],
      [{ maxTokens: 1.5 }, "max tokens must be a whole number"],
      [{ maxConcurrency: 0 }, "max concurrency must be at least 1"],
      [{ maxConcurrency: 257 }, "max concurrency must be at most 256"],
      [{ requestsPerMinute: 0 }, "requests per minute must be at least 1"],
      [{ seed: 2 ** 31 }, "seed must fit in 32 bits"],
      [{ stop: ["a", "b", "c", "d", "e"] }, "at most 4 stop sequences"],
      [{ stop: "###" }, 'stop sequences: a JSON array of up to 4 strings, such as ["\\n\\nUser:"]'],
    ];
    for (const [change, message] of cases) {
      expect(messageOf(createModelEndpointSchema.safeParse({ ...base, ...change }))).toBe(message);
    }
  });

  it("reads stop sequences as a JSON array (escapes work) or as one sequence", () => {
    expect(parseStopText('["\\n\\nUser:", "###"]')).toEqual(["\n\nUser:", "###"]);
    expect(parseStopText("###")).toEqual(["###"]);
    expect(parseStopText("[not json")).toBe("[not json");
  });

  it("asks a test for 1 to 8 tokens", () => {
    expect(testModelEndpointSchema.parse({})).toEqual({ maxTokens: 8 });
    expect(messageOf(testModelEndpointSchema.safeParse({ maxTokens: 9 }))).toBe("a test asks for 1 to 8 tokens");
    expect(messageOf(testModelEndpointSchema.safeParse({ maxTokens: 0 }))).toBe("a test asks for 1 to 8 tokens");
  });
});
