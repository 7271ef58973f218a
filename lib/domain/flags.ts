// InstructGPT's per-output metadata (Ouyang et al. 2022, appendix B), the default
// yes/no flags asked for each completion; projects can replace the list.
export const DEFAULT_FLAGS = [
  "fails_to_follow_instruction",
  "hallucination",
  "harmful",
  "inappropriate_for_assistant",
  "personal_data",
  "sexual",
  "violent",
] as const;

export const FLAG_LABELS: Record<string, string> = {
  fails_to_follow_instruction: "Fails to follow the instruction",
  hallucination: "Hallucination (made-up facts)",
  harmful: "Harmful",
  inappropriate_for_assistant: "Inappropriate for a customer assistant",
  personal_data: "Contains personal data",
  sexual: "Sexual content",
  violent: "Violent content",
};

/** A flag as people read it: its label, or for a project's own flag its id in words ("off_topic" → "Off topic"). */
export function flagLabel(id: string): string {
  const label = FLAG_LABELS[id];
  if (label) return label;
  const words = id.replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
