// The export formats the project page offers, with the words that say what reads them.

export const FORMAT_LABELS: Record<string, string> = {
  sft: "sft: chat messages (SFTTrainer)",
  "sft-prompt-completion": "sft-prompt-completion: prompt / completion",
  preference: "preference: prompt, chosen, rejected, margin (RewardTrainer, DPOTrainer)",
  "preference-hh": "preference-hh: Anthropic HH layout",
  "best-of-n": "best-of-n: consensus winners as demonstrations (FeedME)",
  kto: "kto: prompt, completion, label (KTOTrainer)",
  safety: "safety: completion with its flags",
  raw: "raw: every answer, pseudonymous labelers",
};

const FORMATS_BY_KIND: Record<string, string[]> = {
  demonstration: ["sft", "sft-prompt-completion", "raw"],
  comparison: ["preference", "preference-hh", "best-of-n", "kto", "safety", "sft", "sft-prompt-completion", "raw"],
  ranking: ["preference", "preference-hh", "best-of-n", "kto", "safety", "sft", "sft-prompt-completion", "raw"],
};

/** The formats a project of this kind can export, the usual one first. */
export const formatsFor = (kind: string): string[] => FORMATS_BY_KIND[kind] ?? Object.keys(FORMAT_LABELS);
