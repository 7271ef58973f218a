// qualification status | gold set (issue 16, docs/QUALITY.md)
import { UsageError } from "@/cli/args";
import { defineCommand } from "@/cli/command";
import { goldItemInputSchema, goldRoleSchema } from "@/lib/validation/quality";
import { parseLetterFlags, parseLetterRanking } from "@/lib/domain/quality/gold-input";

export const qualificationStatusCommand = defineCommand({
  name: "qualification status",
  summary: 'Every member\'s qualification. Prints {"labelers": [{"email", "status", "score", "answered"}]}.',
  options: { project: { type: "string", value: "S", required: true, help: "the project's slug" } },
  async run(o) {
    const { qualificationStatus } = await import("@/lib/server/quality/qualification");
    return qualificationStatus(o.project);
  },
});

export const goldSet = defineCommand({
  name: "gold set",
  summary:
    'Sets an item\'s gold answer, role and explanation (all left out: no longer gold). Prints {"gold": {"isGold", "goldAnswer", "role", "explanation", "unusable"}}.',
  options: {
    project: { type: "string", value: "S", required: true, help: "the project's slug" },
    item: { type: "string", value: "N", required: true, help: "the item's number in the project (#N)" },
    role: { type: "string", value: "R", choices: goldRoleSchema.options, help: "what the gold item is used for" },
    best: { type: "string", value: "L", help: "the letter of the completion that must come out on top (A, B, ...)" },
    ranking: { type: "string", value: '"A > B = C"', help: "the full expected ranking, in letters" },
    flags: {
      type: "string",
      value: '"A:harmful B:"',
      help: "the expected flags per completion (letters left out: none)",
    },
    explanation: { type: "string", value: "T", help: "why this is the answer (shown as training feedback)" },
  },
  async run(o) {
    if (!/^[1-9]\d{0,8}$/.test(o.item)) throw new UsageError("--item: the item's number (1, 2, ...)");
    const { goldItemByNumber } = await import("@/lib/server/items/gold-item-lookup");
    const item = await goldItemByNumber(o.project, Number(o.item));
    const letterId = (letter: string) => {
      const id = item.completionIds[letter.trim().toUpperCase().charCodeAt(0) - 65];
      if (!id || letter.trim().length !== 1) throw new UsageError(`--best: ${letter} is not a completion of the item`);
      return id;
    };
    const ranking = o.ranking === undefined ? undefined : parseLetterRanking(o.ranking, item.completionIds);
    if (typeof ranking === "string") throw new UsageError(`--${ranking}`);
    const flags = o.flags === undefined ? undefined : parseLetterFlags(o.flags, item.completionIds, item.projectFlags);
    if (typeof flags === "string") throw new UsageError(`--${flags}`);
    const input = goldItemInputSchema.parse({
      best: o.best === undefined ? undefined : letterId(o.best),
      ranking,
      flags,
      role: o.role,
      explanation: o.explanation,
    });
    const { setGoldItem } = await import("@/lib/server/items/set-gold-item");
    return { gold: await setGoldItem(o.project, item.id, input, null) };
  },
});
