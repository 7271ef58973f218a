// feedback import: production feedback events from a JSONL file (backfills); docs/FEEDBACK.md.
import { defineCommand } from "@/cli/command";
import { RefusedError } from "@/cli/io";

export const feedbackImport = defineCommand({
  name: "feedback import",
  summary:
    'Stores production feedback events, one JSON event per line (the events of POST /api/projects/{slug}/feedback), scrubbed as the project says, in batches of 500. Prints {"accepted", "duplicates", "errors": [{"line", "reason"}]}; the good lines are stored, and it exits 1 when a line was refused.',
  options: {
    project: { type: "string", value: "S", required: true, help: "the project's slug" },
    file: { type: "string", value: "F", required: true, help: "the JSONL file of events" },
  },
  async run(o) {
    const { importFeedbackFile } = await import("@/lib/server/feedback/import-feedback-file");
    const summary = await importFeedbackFile({ slug: o.project, file: o.file });
    if (summary.errors.length > 0) {
      const first = summary.errors[0]!;
      throw new RefusedError(
        `${summary.errors.length} line(s) refused (first: line ${first.line}: ${first.reason}); the other lines were stored.`,
        summary,
      );
    }
    return summary;
  },
});
