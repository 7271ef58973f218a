// The export formats: one list, with the project kinds each one applies to. The API and the
// CLI refuse a format its project's kind does not allow; the export form offers the same list.
import type { ProjectKind } from "@/lib/domain/project-kinds";

export type ExportFormat =
  "sft" | "sft-prompt-completion" | "preference" | "preference-hh" | "best-of-n" | "kto" | "safety" | "raw";

const ALL: ProjectKind[] = ["demonstration", "comparison", "ranking"];
const RANKED: ProjectKind[] = ["comparison", "ranking"];

/** In the order the export form offers them: a kind's first format is its default. */
export const EXPORT_FORMAT_LIST: { format: ExportFormat; label: string; kinds: ProjectKind[] }[] = [
  {
    format: "preference",
    label: "preference: prompt, chosen, rejected, margin (RewardTrainer, DPOTrainer)",
    kinds: RANKED,
  },
  { format: "preference-hh", label: "preference-hh: Anthropic HH layout", kinds: RANKED },
  { format: "best-of-n", label: "best-of-n: consensus winners as demonstrations (FeedME)", kinds: RANKED },
  { format: "kto", label: "kto: prompt, completion, label (KTOTrainer)", kinds: RANKED },
  { format: "safety", label: "safety: completion with its flags", kinds: RANKED },
  // Demonstrations, and on ranked projects the labelers' rewrites.
  { format: "sft", label: "sft: chat messages (SFTTrainer)", kinds: ALL },
  { format: "sft-prompt-completion", label: "sft-prompt-completion: prompt / completion", kinds: ALL },
  { format: "raw", label: "raw: every answer, pseudonymous labelers", kinds: ALL },
];

export const EXPORT_FORMATS: ExportFormat[] = EXPORT_FORMAT_LIST.map((f) => f.format);

/** The formats a project of this kind can be exported in, default first. */
export function exportFormatsFor(kind: ProjectKind): ExportFormat[] {
  return EXPORT_FORMAT_LIST.filter((f) => f.kinds.includes(kind)).map((f) => f.format);
}
