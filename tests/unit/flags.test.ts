import { describe, expect, it } from "vitest";
import { DEFAULT_FLAGS, flagLabel } from "@/lib/domain/flags";

describe("flagLabel", () => {
  it("names the default flags by their labels", () => {
    expect(flagLabel("hallucination")).toBe("Hallucination (made-up facts)");
    expect(flagLabel("fails_to_follow_instruction")).toBe("Fails to follow the instruction");
    for (const id of DEFAULT_FLAGS) expect(flagLabel(id)).not.toContain("_");
  });
  it("puts a project's own flag id into words", () => {
    expect(flagLabel("off_topic")).toBe("Off topic");
    expect(flagLabel("toxic")).toBe("Toxic");
  });
});
