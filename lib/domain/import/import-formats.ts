// The import formats: the one list the CLI (flags and usage), the API (query schema) and the
// upload form read. Each line of a file in one of them becomes an item (see formats.ts).

export const IMPORT_FORMATS = [
  { name: "prompts", label: "Prompts" },
  { name: "completions", label: "Prompts with completions" },
  { name: "hh", label: "Anthropic HH (chosen / rejected)" },
  { name: "openai-chat", label: "OpenAI chat messages" },
  { name: "self-instruct", label: "Self-Instruct tasks" },
] as const;

export type ImportFormat = (typeof IMPORT_FORMATS)[number]["name"];

/** What a caller may ask for: a format, or "auto" to read it off the file's first line. */
export const IMPORT_FORMAT_CHOICES = [
  { name: "auto", label: "Detect from the file" },
  ...IMPORT_FORMATS,
] as const satisfies readonly { name: string; label: string }[];

export type ImportFormatChoice = (typeof IMPORT_FORMAT_CHOICES)[number]["name"];

/** The names alone, as z.enum takes them (a non-empty tuple: the list above is one). */
export const IMPORT_FORMAT_CHOICE_NAMES = IMPORT_FORMAT_CHOICES.map((f) => f.name) as [
  ImportFormatChoice,
  ...ImportFormatChoice[],
];
