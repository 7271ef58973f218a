import { describe, expect, it } from "vitest";
import { slugify } from "@/lib/domain/slugify";
import { projectTabHref, projectTabOf } from "@/lib/domain/project-tabs";
import { slugSchema } from "@/lib/validation/projects";

describe("the slug the create form suggests from a project's name", () => {
  it("keeps letters and digits, lower-cased, one dash for every other run", () => {
    expect(slugify("Helpful-assistant demonstrations")).toBe("helpful-assistant-demonstrations");
    expect(slugify("  Réponses  d'été — v2!  ")).toBe("reponses-d-ete-v2");
    expect(slugify("日本語")).toBe("");
  });

  it("gives a slug the server accepts, at most 63 characters, never ending in a dash", () => {
    const long = slugify(`${"a".repeat(62)} b`);
    expect(long).toBe("a".repeat(62));
    for (const name of ["Ranking journey 1x2y", `${"word ".repeat(30)}`, "ÅNGSTRÖM 10 %"])
      expect(slugSchema.safeParse(slugify(name)).success).toBe(true);
  });
});

describe("the project page's tab in its URL", () => {
  it("names a tab or falls back to the overview", () => {
    expect(projectTabOf("quality")).toBe("quality");
    expect(projectTabOf("nope")).toBe("overview");
    expect(projectTabOf(["quality"])).toBe("overview");
    expect(projectTabOf(undefined)).toBe("overview");
  });

  it("gives the overview the plain URL", () => {
    expect(projectTabHref("p-1", "overview")).toBe("/admin/projects/p-1");
    expect(projectTabHref("p-1", "members")).toBe("/admin/projects/p-1?tab=members");
  });
});
