// Text PostgreSQL cannot store (NUL, lone surrogates) is refused by every free-text field's
// schema, naming the field, instead of failing later in the database (a 500).
import { describe, expect, it } from "vitest";
import { addMemberSchema, createProjectSchema, updateProjectSchema } from "@/lib/validation/projects";
import { draftBodySchema, skipBodySchema, submitBodySchema } from "@/lib/validation/tasks";
import { storableText, unstorableTextReason } from "@/lib/validation/text";
import { createUserSchema, credentialsSchema, updateUserSchema } from "@/lib/validation/users";

const NUL = "a\u0000b";
const LONE_HIGH = "a\ud800b";
const LONE_LOW = "\udc00 at the start";

describe("unstorableTextReason", () => {
  it("names NUL and lone surrogates, and accepts well-formed text including astral characters", () => {
    expect(unstorableTextReason(NUL)).toBe("contains a NUL character");
    expect(unstorableTextReason(LONE_HIGH)).toBe("contains a lone surrogate (not valid Unicode)");
    expect(unstorableTextReason(LONE_LOW)).toBe("contains a lone surrogate (not valid Unicode)");
    expect(unstorableTextReason("emoji 😀, CJK 漢字, U+2028 \u2028, tab \t")).toBeNull();
    expect(unstorableTextReason("")).toBeNull();
  });

  it("is a zod schema other schemas build on (lengths, trimming still apply)", () => {
    const schema = storableText().trim().min(1).max(5);
    expect(schema.parse("  ok  ")).toBe("ok");
    expect(schema.safeParse("toolong").success).toBe(false);
    const refused = schema.safeParse(NUL);
    expect(refused.error!.issues.map((i) => i.message)).toContain("contains a NUL character");
  });
});

const settings = {
  name: "Project",
  overlap: 1,
  leaseMinutes: 10,
  minCompletions: 2,
  maxCompletions: 2,
  likertEnabled: false,
  flags: [],
  minDemoLength: 0,
  guidelines: "",
};
const completionId = "8d6a1e0e-5b1c-4c59-9a51-0c2f3f0b7a10";

// [what, schema, a body with the bad text in one field, the field's path]
const cases: [
  string,
  { safeParse: (v: unknown) => { success: boolean; error?: unknown } },
  (bad: string) => unknown,
  string,
][] = [
  ["demonstration text", submitBodySchema, (bad) => ({ text: bad }), "text"],
  ["comment", submitBodySchema, (bad) => ({ ranking: [[completionId]], comment: bad }), "comment"],
  [
    "rewrite",
    submitBodySchema,
    (bad) => ({ ranking: [[completionId]], rewrite: { completionId, text: bad } }),
    "rewrite.text",
  ],
  ["skip reason", skipBodySchema, (bad) => ({ reason: bad }), "reason"],
  ["draft", draftBodySchema, (bad) => ({ text: bad }), "text"],
  ["project name", createProjectSchema, (bad) => ({ slug: "p", kind: "ranking", name: bad }), "name"],
  ["guidelines", createProjectSchema, (bad) => ({ slug: "p", kind: "ranking", guidelines: bad }), "guidelines"],
  ["settings name", updateProjectSchema, (bad) => ({ ...settings, name: bad }), "name"],
  ["settings guidelines", updateProjectSchema, (bad) => ({ ...settings, guidelines: bad }), "guidelines"],
  ["member email", addMemberSchema, (bad) => ({ email: `x${bad}@example.com` }), "email"],
  [
    "user name",
    createUserSchema,
    (bad) => ({ email: "a@example.com", role: "labeler", password: "long-enough-pw", name: bad }),
    "name",
  ],
  ["new user name", updateUserSchema, (bad) => ({ name: bad }), "name"],
  ["sign-in email", credentialsSchema, (bad) => ({ email: `a${bad}@example.com`, password: "x" }), "email"],
];

describe.each(cases)("%s", (_what, schema, body, path) => {
  it.each([
    ["NUL", NUL],
    ["a lone surrogate", LONE_HIGH],
  ])(`refuses %s, naming ${path}`, (_kind, bad) => {
    const result = schema.safeParse(body(bad));
    expect(result.success).toBe(false);
    const issues = (result.error as { issues: { path: PropertyKey[]; message: string }[] }).issues;
    expect(issues.map((i) => i.path.join("."))).toContain(path);
    expect(issues.find((i) => i.path.join(".") === path)!.message).toMatch(/NUL character|lone surrogate/);
  });

  it("accepts the same field with ordinary text", () => {
    expect(schema.safeParse(body("fine text")).success).toBe(true);
  });
});
