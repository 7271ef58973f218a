// The export formats: the one list the CLI (flags and usage), the API (query schema) and the
// export form read. Row layouts are in rows.ts; docs/EXPORTS.md describes each one.
import type { ProjectKind } from "@/lib/domain/project-kinds";

const ANY_KIND = ["demonstration", "comparison", "ranking"] as const satisfies readonly ProjectKind[];
/** Formats built from the judgements of comparisons and rankings. */
const PAIR_KINDS = ["comparison", "ranking"] as const satisfies readonly ProjectKind[];
// Conversation projects (docs/EXPORTS.md "Conversation projects"): rows built per turn or per
// finished conversation by conversation-rows.ts.
const ANY_KIND_AND_CONVERSATION = [...ANY_KIND, "conversation"] as const satisfies readonly ProjectKind[];
const PAIR_KINDS_AND_CONVERSATION = [...PAIR_KINDS, "conversation"] as const satisfies readonly ProjectKind[];

export const EXPORT_FORMATS = [
  { name: "sft", description: "chat messages (SFTTrainer)", kinds: ANY_KIND_AND_CONVERSATION },
  { name: "sft-prompt-completion", description: "prompt / completion", kinds: ANY_KIND },
  {
    name: "preference",
    description: "prompt, chosen, rejected, margin (RewardTrainer, DPOTrainer)",
    kinds: PAIR_KINDS_AND_CONVERSATION,
  },
  { name: "preference-hh", description: "Anthropic HH layout", kinds: PAIR_KINDS_AND_CONVERSATION },
  { name: "best-of-n", description: "consensus winners as demonstrations (FeedME)", kinds: PAIR_KINDS },
  { name: "kto", description: "prompt, completion, label (KTOTrainer)", kinds: PAIR_KINDS },
  { name: "safety", description: "completion with its flags", kinds: PAIR_KINDS },
  {
    name: "openai-dpo",
    description: "input, preferred_output, non_preferred_output (OpenAI preference fine-tuning)",
    kinds: PAIR_KINDS_AND_CONVERSATION,
  },
  {
    name: "red-team",
    description: "Anthropic red-team-attempts transcripts with their ratings",
    kinds: ["conversation"] as const satisfies readonly ProjectKind[],
  },
  { name: "raw", description: "every answer, pseudonymous labelers", kinds: ANY_KIND_AND_CONVERSATION },
] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number]["name"];

/** The names alone, as z.enum takes them (a non-empty tuple: the list above is one). */
export const EXPORT_FORMAT_NAMES = EXPORT_FORMATS.map((f) => f.name) as [ExportFormat, ...ExportFormat[]];

/**
 * The formats a project of this kind can export, the ones made for the kind first (the form
 * preselects the first: `preference` for comparisons and rankings, `sft` for demonstrations).
 */
export function exportFormatsFor(kind: ProjectKind, options: { feedback?: boolean } = {}): ExportFormat[] {
  // A demonstration project that received production feedback has ratings and pairs to export
  // too (docs/EXPORTS.md "Rows from feedback"), after its own formats.
  if (kind === "demonstration" && options.feedback)
    return [...exportFormatsFor(kind), ...FEEDBACK_FORMATS.filter((f) => !exportFormatsFor(kind).includes(f))];
  const formats = EXPORT_FORMATS.filter((f) => (f.kinds as readonly ProjectKind[]).includes(kind));
  if (kind === "conversation") return CONVERSATION_ORDER.filter((name) => formats.some((f) => f.name === name));
  // Specificity among the classic kinds: serving conversations too does not move a format.
  const classic = (f: (typeof formats)[number]) => f.kinds.filter((k) => k !== "conversation").length;
  return formats.sort((a, b) => classic(a) - classic(b)).map((f) => f.name);
}

/** The formats feedback events give rows in, beyond a demonstration project's own. */
const FEEDBACK_FORMATS: ExportFormat[] = ["kto", "preference", "preference-hh", "openai-dpo"];

/** A conversation project's formats in the form's order: per-turn preference rows first, raw last. */
const CONVERSATION_ORDER: ExportFormat[] = ["preference", "preference-hh", "openai-dpo", "sft", "red-team", "raw"];

/** "name: description", keyed by name (string keys: the export form reads names from its inputs). */
export const EXPORT_FORMAT_LABELS: Record<string, string> = Object.fromEntries(
  EXPORT_FORMATS.map((f) => [f.name, `${f.name}: ${f.description}`]),
);

/** exportFormatsFor(kind) for every kind (string keys: the export form's kind is a string). */
export const EXPORT_FORMATS_BY_KIND: Record<string, string[]> = Object.fromEntries(
  ANY_KIND_AND_CONVERSATION.map((kind) => [kind, exportFormatsFor(kind)]),
);
