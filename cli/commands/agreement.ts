// agreement: a project's agreement report, or Krippendorff's alpha of a file of ratings.
import { UsageError } from "@/cli/args";
import { defineCommand, parseCommandOptions } from "@/cli/command";
import { LEVELS } from "@/lib/domain/agreement/krippendorff";
import { levelSchema } from "@/lib/validation/agreement";

export const agreementCommand = defineCommand({
  name: "agreement",
  summary:
    'With --project: pairwise agreement with a 95% interval, Krippendorff\'s alpha on winners and Likert ratings, flag rates and per-labeler figures. With --file (JSONL of {"unit", "coder", "value"}, null for missing): prints {"alpha", "level", "units", "pairableUnits", "coders", "pairableValues", "observedDisagreement", "expectedDisagreement"}.',
  options: {
    project: { type: "string", value: "S", help: "the project's slug" },
    file: { type: "string", value: "F", help: 'a JSONL file of {"unit", "coder", "value"} lines' },
    level: { type: "string", value: "LEVEL", choices: LEVELS, help: "the values' level of measurement" },
    refresh: {
      type: "boolean",
      help: "with --project: first repair the items whose stored agreement stats miss an answer (and refresh a large project's stored page figures)",
    },
  },
  forms: [
    ["project", "refresh"],
    ["file", "level"],
  ],
  async run(o) {
    if (o.project) {
      if (o.file) throw new UsageError("give --project or --file, not both");
      const { projectAgreement } = await import("@/lib/server/agreement/project-agreement");
      if (o.refresh) {
        // The explicit repair of stale stats (a page never runs it), then the report.
        const { refreshProjectAgreementStats } = await import("@/lib/server/agreement/refresh-project-stats");
        const { refreshed } = await refreshProjectAgreementStats(o.project);
        // A large project's stored page figures are refreshed with the report.
        const { requireProject } = await import("@/lib/server/projects/require-project");
        const { refreshedAgreementReport } = await import("@/lib/server/projects/project-summary");
        const { report, figuresStored } = await refreshedAgreementReport(await requireProject(o.project));
        return { refreshed, figuresStored, ...report };
      }
      return projectAgreement(o.project);
    }
    if (o.refresh) throw new UsageError("--refresh needs --project");
    if (!o.file) throw new UsageError("missing --file");
    if (!o.level) throw new UsageError("missing --level");
    const level = parseCommandOptions(levelSchema, o.level, "level");
    const { agreementOfFile } = await import("@/lib/server/agreement/agreement-file");
    return agreementOfFile(o.file, level);
  },
});
