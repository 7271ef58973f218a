// The model commands of the CLI as operators run them, against the stub started the way the
// demo starts it (`npm run stub:openai`, its own process): JSON on stdout, the key read from
// stdin or named by a variable, and never printed.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db/client";
import { runCli } from "../support/run-cli";
import { uniqueSuffix } from "../support/factories";

// Every test starts the CLI (tsx) as its own process: seconds apiece on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const KEY = `sk-cli-${uniqueSuffix()}${uniqueSuffix()}`;
const root = path.resolve(__dirname, "..", "..");
let stub: ChildProcess;
let stubUrl: string;

beforeAll(async () => {
  stub = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/openai-stub/main.ts", "--port", "0"], {
    cwd: root,
    env: { ...process.env, STUB_OPENAI_API_KEY: KEY },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [line] = await new Promise<string[]>((resolve) =>
    createInterface({ input: stub.stdout! }).once("line", (l) => resolve([l])),
  );
  stubUrl = (JSON.parse(line!) as { url: string }).url;
}, 60_000);

afterAll(async () => {
  stub.kill("SIGTERM");
  await db.$disconnect();
});

const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe("cli model add, list, test, set, remove", () => {
  it("adds an endpoint with a key from stdin, tests it, lists it, removes it; the key is printed nowhere", async () => {
    const name = `cli-${uniqueSuffix()}`;
    const outputs: string[] = [];
    const run = (args: string[], input = "") => {
      const result = runCli(args, input);
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    const added = run(
      [
        "model",
        "add",
        "--name",
        name,
        "--base-url",
        stubUrl,
        "--model",
        "stub-careful",
        "--api-key-stdin",
        "--max-concurrency",
        "16",
        "--temperature",
        "0.2",
        "--max-tokens",
        "300",
        "--stop",
        '["\\n\\nUser:"]',
        "--requests-per-minute",
        "1200",
        "--input-price",
        "0.15",
      ],
      `${KEY}\n`,
    );
    expect(added).toMatchObject({ code: 0, stderr: "" });
    const { model } = json(added.stdout) as { model: { id: string; name: string } };
    expect(model).toEqual({
      id: expect.any(String),
      name,
      baseUrl: stubUrl,
      model: "stub-careful",
      hasKey: true,
      keyEnv: null,
    });

    const listed = run(["model", "list"]);
    expect(listed.code).toBe(0);
    const entry = (json(listed.stdout).models as Record<string, unknown>[]).find((m) => m.name === name);
    expect(entry).toMatchObject({
      id: model.id,
      name,
      baseUrl: stubUrl,
      model: "stub-careful",
      maxConcurrency: 16,
      requestsPerMinute: 1200,
      temperature: 0.2,
      maxTokens: 300,
      stop: ["\n\nUser:"],
      hasKey: true,
      inputPricePerMTok: 0.15,
      outputPricePerMTok: null,
    });
    // Prices: set, and refused below 0 with the flag's name.
    const priced = run(["model", "set", "--name", name, "--output-price", "0.6"]);
    expect(json(priced.stdout).model).toMatchObject({ inputPricePerMTok: 0.15, outputPricePerMTok: 0.6 });
    const negative = run(["model", "set", "--name", name, "--input-price", "-1"]);
    expect(negative).toMatchObject({ code: 1 });
    expect(negative.stderr).toContain("a price cannot be negative");

    const tested = run(["model", "test", "--name", name, "--max-tokens", "4"]);
    expect(tested).toMatchObject({ code: 0, stderr: "" });
    expect(json(tested.stdout).test).toMatchObject({
      ok: true,
      latencyMs: expect.any(Number),
      reply: expect.any(String),
      finishReason: "length",
      usage: { completionTokens: 4 },
    });

    // A wrong key: the test exits 1, says why, and shows neither key.
    expect(run(["model", "set", "--name", name, "--api-key-stdin"], "sk-not-the-right-one\n").code).toBe(0);
    const refused = run(["model", "test", "--name", name]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: endpoint ${name}: the endpoint refused the key (401): Incorrect API key provided (stub).\n`,
    );
    expect(json(refused.stdout).test).toMatchObject({ ok: false, kind: "auth", status: 401 });

    expect(json(run(["model", "remove", "--name", name]).stdout)).toEqual({ removed: true, id: model.id, name });
    const gone = run(["model", "test", "--name", name]);
    expect(gone).toMatchObject({ code: 1, stderr: `error: no model endpoint named ${name}\n` });

    for (const text of outputs) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain("sk-not-the-right-one");
    }
    const audit = await db.$queryRaw<{ text: string }[]>`
      SELECT action || ' ' || coalesce(before::text, '') || ' ' || coalesce(after::text, '') AS text
      FROM audit_events WHERE entity_type = 'model_endpoint' AND entity_id = ${model.id}`;
    expect(audit.map((a) => a.text.split(" ")[0])).toEqual([
      "model.create",
      "model.update",
      "model.update",
      "model.remove",
    ]);
    expect(audit.map((a) => a.text).join("\n")).not.toContain(KEY);
  });

  it("names a variable instead of storing a key, and refuses bad input with the flag's name", () => {
    const name = `cli-${uniqueSuffix()}`;
    const byEnv = runCli([
      "model",
      "add",
      "--name",
      name,
      "--base-url",
      stubUrl,
      "--model",
      "stub-terse",
      "--api-key-env",
      "STUB_KEY",
    ]);
    expect(byEnv.code).toBe(0);
    expect(json(byEnv.stdout).model).toMatchObject({ hasKey: true, keyEnv: "STUB_KEY" });

    // [base URL, more flags, exit code, what stderr says]
    const cases: [string, string[], number, string][] = [
      ["ftp://models.example/v1", [], 1, "--base-url: base URL must use http or https, not ftp"],
      [stubUrl, ["--api-key-env", "lower_case"], 1, "--api-key-env: environment variable name: upper-case letters"],
      [
        stubUrl,
        ["--api-key-env", "AUTH_SECRET"],
        1,
        "--api-key-env: that environment variable is one of RLHF Studio's own settings",
      ],
      [stubUrl, ["--api-key-env", "X", "--api-key-stdin"], 2, "give --api-key-env or --api-key-stdin, not both"],
      [stubUrl, ["--max-concurrency", "0"], 1, "--max-concurrency: max concurrency must be at least 1"],
      [stubUrl, ["--temperature", "3"], 1, "--temperature: temperature must be between 0 and 2"],
    ];
    for (const [baseUrl, more, code, message] of cases) {
      const result = runCli([
        "model",
        "add",
        "--name",
        `cli-${uniqueSuffix()}`,
        "--base-url",
        baseUrl,
        "--model",
        "m",
        ...more,
      ]);
      expect(result.code, message).toBe(code);
      expect(result.stderr).toContain(message);
    }
  });
});
