// judge agreement: how a project's judge agrees with its human answers (docs/JUDGES.md,
// "Agreement with humans"). The other judge commands live in cli/commands/judge.ts.
import { defineCommand, parseCommandOptions } from "@/cli/command";
import { disagreementPageSchema, judgeNameSchema } from "@/lib/validation/judge-agreement";

export const judgeAgreementCommand = defineCommand({
  name: "judge agreement",
  summary:
    'The judge\'s agreement with the human answers: {"agreement", "ci95", "kappa", "swapConsistency", "comparisons", "agreeing", "items", "kappaPairs", "coverage", "swap", "lengthBias", "slices", "disagreements", "project", "judge"}. Without --judge, the project\'s only judge.',
  options: {
    project: { type: "string", value: "S", required: true, help: "the project's slug" },
    judge: { type: "string", value: "NAME", help: "the judge's name (needed when the project has several)" },
    offset: { type: "string", value: "N", help: "the first disagreement listed (default 0)" },
    limit: { type: "string", value: "N", help: "disagreements listed, 1..100 (default 20)" },
  },
  async run(o) {
    const judge = o.judge === undefined ? undefined : parseCommandOptions(judgeNameSchema, o.judge, "judge");
    const page = parseCommandOptions(disagreementPageSchema, { offset: o.offset, limit: o.limit });
    const { judgeAgreementReport } = await import("@/lib/server/judges/judge-agreement");
    return judgeAgreementReport({ slug: o.project, judge, page });
  },
});
