// Token scopes: who may hold which (lib/domain/token-scopes.ts) and the CLI's --scopes flag.
import { describe, expect, it } from "vitest";
import { scopesProblem } from "@/lib/domain/token-scopes";
import { tokenScopesFlagSchema } from "@/lib/validation/tokens";

describe("token scopes", () => {
  it("lets only admins hold ingest", () => {
    expect(scopesProblem({ id: "a", role: "admin" }, ["ingest"])).toBeNull();
    expect(scopesProblem({ id: "l", role: "labeler" }, ["label", "admin"])).toBeNull();
    expect(scopesProblem({ id: "l", role: "labeler" }, ["label", "ingest"])).toBe(
      'only admins may hold the "ingest" scope',
    );
  });

  it("reads --scopes as a comma list, each once in a fixed order, and refuses unknown or none", () => {
    expect(tokenScopesFlagSchema.parse("ingest, label,ingest")).toEqual(["label", "ingest"]);
    expect(tokenScopesFlagSchema.safeParse("label,root").error!.issues[0]!.message).toBe(
      "scopes are label, admin, ingest",
    );
    expect(tokenScopesFlagSchema.safeParse(" , ").error!.issues[0]!.message).toBe("give at least one scope");
  });
});
