import { describe, expect, it } from "vitest";
import { hourlyRateSchema, overlapSettingsSchema } from "@/lib/validation/overlap-cost";

// The overlap and cost settings take numbers and numbers written in decimal (the CLI, the
// form), never booleans, arrays or other text read as 0 or 1.
describe("overlap and hourly-rate settings", () => {
  it("take numbers and decimal text; blank and null mean off", () => {
    expect(overlapSettingsSchema.parse({ overlapMin: "2", overlapMax: 5, overlapConfidence: "0.9" })).toEqual({
      overlapMin: 2,
      overlapMax: 5,
      overlapConfidence: 0.9,
    });
    expect(overlapSettingsSchema.parse({ overlapMin: "", overlapMax: null, overlapConfidence: "" })).toMatchObject({
      overlapMin: null,
      overlapMax: null,
      overlapConfidence: null,
    });
    expect(hourlyRateSchema.parse({ hourlyRate: " 12.5 " })).toEqual({ hourlyRate: 12.5 });
    expect(hourlyRateSchema.parse({ hourlyRate: "" })).toEqual({ hourlyRate: null });
  });

  it("refuse booleans, arrays and text that is not a number", () => {
    for (const hourlyRate of [true, false, [], "0x10", "1e3", "twelve"])
      expect(hourlyRateSchema.safeParse({ hourlyRate }).success, JSON.stringify(hourlyRate)).toBe(false);
    for (const overlapThreshold of [true, [], "1/2"])
      expect(overlapSettingsSchema.safeParse({ overlapMin: 2, overlapMax: 5, overlapThreshold }).success).toBe(false);
    expect(overlapSettingsSchema.safeParse({ overlapMin: true, overlapMax: 5 }).success).toBe(false);
    expect(overlapSettingsSchema.safeParse({ overlapMin: 2, overlapMax: 5, overlapConfidence: true }).success).toBe(
      false,
    );
  });
});
