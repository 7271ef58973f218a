// When a labeler may still change an answer (lib/domain/answer-edit.ts): the same rule the
// database function rlhf_edit_annotation enforces, as the pages show it.
import { describe, expect, it } from "vitest";
import { editState, elapsedLabel, timeLeftLabel } from "@/lib/domain/answer-edit";

const submittedAt = new Date("2026-12-01T12:00:00Z");
const at = (iso: string) => new Date(iso);
const base = { submittedAt, windowSeconds: 600, exported: false, projectArchived: false };

describe("editState", () => {
  it("is editable until the window, counted from the first submit, closes", () => {
    expect(editState({ ...base, now: at("2026-12-01T12:09:59Z") })).toEqual({
      editable: true,
      until: at("2026-12-01T12:10:00Z"),
    });
    expect(editState({ ...base, now: at("2026-12-01T12:10:00Z") })).toEqual({ editable: false, lock: "window_closed" });
  });

  it("locks an exported answer inside its window, and everything in an archived project", () => {
    expect(editState({ ...base, exported: true, now: at("2026-12-01T12:01:00Z") })).toEqual({
      editable: false,
      lock: "exported",
    });
    expect(editState({ ...base, projectArchived: true, now: submittedAt })).toEqual({
      editable: false,
      lock: "archived",
    });
    expect(editState({ ...base, windowSeconds: 0, now: submittedAt })).toEqual({ editable: false, lock: "disabled" });
    // A finished conversation is never changed, even inside the window.
    expect(editState({ ...base, conversation: true, now: submittedAt })).toEqual({
      editable: false,
      lock: "conversation",
    });
  });

  it("locks an answer the quality program made final inside its window: trained, or a decided qualification", () => {
    for (const qualityLock of ["trained", "qualification"] as const)
      expect(editState({ ...base, qualityLock, now: at("2026-12-01T12:01:00Z") })).toEqual({
        editable: false,
        lock: qualityLock,
      });
    expect(editState({ ...base, qualityLock: null, now: at("2026-12-01T12:01:00Z") })).toMatchObject({
      editable: true,
    });
  });
});

describe("labels", () => {
  it("counts down and up in minutes and seconds", () => {
    expect(timeLeftLabel(at("2026-12-01T12:10:00Z"), at("2026-12-01T12:00:19Z"))).toBe("9:41 left");
    expect(timeLeftLabel(at("2026-12-01T12:10:00Z"), at("2026-12-01T12:11:00Z"))).toBe("0:00 left");
    expect(elapsedLabel(42_900)).toBe("0:42");
    expect(elapsedLabel(3_725_000)).toBe("1:02:05");
  });
});
