import { describe, expect, it } from "vitest";
import { EXPORT_FORMAT_LABELS, EXPORT_FORMAT_NAMES, exportFormatsFor } from "@/lib/domain/export/formats";

describe("export formats per project kind", () => {
  it("offers a demonstration project only the formats made of written replies, sft first", () => {
    expect(exportFormatsFor("demonstration")).toEqual(["sft", "sft-prompt-completion", "raw"]);
  });

  it("offers ranked projects every format, preference first", () => {
    const ranked = [
      "preference",
      "preference-hh",
      "best-of-n",
      "kto",
      "safety",
      "openai-dpo",
      "sft",
      "sft-prompt-completion",
      "raw",
    ];
    expect(exportFormatsFor("comparison")).toEqual(ranked);
    expect(exportFormatsFor("ranking")).toEqual(ranked);
  });

  it("offers a conversation project its per-turn and per-conversation formats, preference first", () => {
    expect(exportFormatsFor("conversation")).toEqual([
      "preference",
      "preference-hh",
      "openai-dpo",
      "sft",
      "red-team",
      "raw",
    ]);
  });

  it("lists every format once, each with a label naming it", () => {
    expect(new Set(EXPORT_FORMAT_NAMES).size).toBe(EXPORT_FORMAT_NAMES.length);
    for (const name of EXPORT_FORMAT_NAMES) expect(EXPORT_FORMAT_LABELS[name]!.startsWith(`${name}: `)).toBe(true);
  });
});
