import { describe, expect, it } from "vitest";
import { completionRange } from "@/lib/domain/project-kinds";
import { createProjectSchema, updateProjectSchema } from "@/lib/validation/projects";
import { createUserSchema, updateUserSchema } from "@/lib/validation/users";

describe("createUserSchema", () => {
  it("normalizes the email and keeps a long password whole", () => {
    const password = "p".repeat(100); // bcrypt would silently cut this at 72 bytes
    const parsed = createUserSchema.parse({ email: " Lena@Example.com ", role: "labeler", password });
    expect(parsed.email).toBe("lena@example.com");
    expect(parsed.password).toHaveLength(100);
  });

  it("names each bad field", () => {
    const result = createUserSchema.safeParse({ email: "nope", role: "boss", password: "short" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["email", "role", "password"]));
  });
});

describe("updateUserSchema", () => {
  it("refuses fields that must not be set from outside", () => {
    expect(updateUserSchema.safeParse({ role: "admin", passwordHash: "x" }).success).toBe(false);
    expect(updateUserSchema.safeParse({ sessionVersion: 0 }).success).toBe(false);
  });
});

describe("createProjectSchema", () => {
  it("accepts a good project and defaults overlap to 1", () => {
    expect(createProjectSchema.parse({ slug: "rank-1", kind: "ranking" }).overlap).toBe(1);
  });

  it.each([["Has Caps"], ["-leading-dash"], ["under_score"], ["x".repeat(64)], [""]])("refuses slug %j", (slug) => {
    expect(createProjectSchema.safeParse({ slug, kind: "ranking" }).success).toBe(false);
  });

  it("refuses overlap outside 1..100 and unknown kinds", () => {
    expect(createProjectSchema.safeParse({ slug: "a", kind: "ranking", overlap: 0 }).success).toBe(false);
    expect(createProjectSchema.safeParse({ slug: "a", kind: "ranking", overlap: 101 }).success).toBe(false);
    expect(createProjectSchema.safeParse({ slug: "a", kind: "poll" }).success).toBe(false);
  });
});

describe("completionRange", () => {
  it("matches the design: comparisons take 2, rankings 2..9", () => {
    expect(completionRange("comparison")).toEqual({ min: 2, max: 2 });
    expect(completionRange("ranking")).toEqual({ min: 2, max: 9 });
    expect(completionRange("demonstration")).toEqual({ min: 0, max: 9 });
  });
});

describe("project settings: the edit window", () => {
  const base = {
    name: "P",
    overlap: 1,
    leaseMinutes: 30,
    minCompletions: 0,
    maxCompletions: 2,
    likertEnabled: false,
    flags: [],
    minDemoLength: 0,
    guidelines: "",
  };
  it("a blank field leaves the window unchanged, never 0 (which turns changes off)", () => {
    expect(updateProjectSchema.parse({ ...base, editWindowMinutes: "" }).editWindowMinutes).toBeUndefined();
    expect(updateProjectSchema.parse({ ...base, editWindowMinutes: "0" }).editWindowMinutes).toBe(0);
    expect(updateProjectSchema.parse({ ...base, editWindowMinutes: "15" }).editWindowMinutes).toBe(15);
    expect(updateProjectSchema.safeParse({ ...base, editWindowMinutes: "-1" }).success).toBe(false);
  });
});
