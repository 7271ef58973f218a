import type { z } from "zod";
import type { projectKindSchema } from "@/lib/validation/projects";

export type ProjectKind = z.infer<typeof projectKindSchema>;

/** How many completions an item of each kind carries. */
export function completionRange(kind: ProjectKind): { min: number; max: number } {
  switch (kind) {
    case "demonstration":
      return { min: 0, max: 9 };
    case "comparison":
      return { min: 2, max: 2 };
    case "ranking":
      return { min: 2, max: 9 };
    case "conversation":
      // An opening is a prompt alone: the replies are streamed live at each turn.
      return { min: 0, max: 0 };
  }
}

export const KIND_LABELS: Record<ProjectKind, string> = {
  demonstration: "Demonstration",
  comparison: "Comparison",
  ranking: "Ranking",
  conversation: "Conversation",
};

export const KIND_DESCRIPTIONS: Record<ProjectKind, string> = {
  demonstration: "Labelers write the ideal assistant reply to each prompt.",
  comparison: "Labelers pick the better of two completions (A, B or tie) and say by how much.",
  ranking: "Labelers order 2 to 9 completions from best to worst, ties allowed.",
  conversation: "Labelers chat with your models and pick the better of 2 to 4 streamed replies at every turn.",
};
