// export: a project's dataset to a file and its manifest.
import { defineCommand, parseCommandOptions } from "@/cli/command";
import { EXPORT_FORMAT_NAMES } from "@/lib/domain/export/formats";
import { exportFiltersOf, exportOptionsSchema } from "@/lib/validation/exports";
import { UsageError } from "@/cli/args";
import { showsProgress } from "@/cli/io";
import { AppError } from "@/lib/server/errors";

export const exportCommand = defineCommand({
  name: "export",
  summary:
    'Writes F and F.manifest.json (with --split one file per part: F.train.jsonl, F.test.jsonl) and prints the manifest: {"format", "filters", "rows", "rowsBySource", "kto", "feedbackEvents", "sha256", "items", "annotations", "agreement", "guidelineVersions", "split", "createdAt", "file", "files", "manifestFile", "exportId"}.',
  options: {
    project: { type: "string", value: "S", required: true, help: "the project's slug" },
    format: { type: "string", value: "FORMAT", choices: EXPORT_FORMAT_NAMES, required: true, help: "the row layout" },
    out: { type: "string", value: "F", required: true, help: "the file to write" },
    "min-agreement": {
      type: "string",
      value: "X",
      help: "items whose labelers' pairwise agreement reaches X (0 to 1)",
    },
    "min-annotations": { type: "string", value: "N", help: "items with at least N answers" },
    "exclude-flagged": { type: "boolean", help: "items on which no kept answer raised a flag" },
    "min-labeler-agreement": {
      type: "string",
      value: "X",
      help: "answers of labelers whose agreement with the others' consensus reaches X (0 to 1)",
    },
    from: {
      type: "string",
      value: "DATE",
      help: "answers given at or after DATE (2026-11-01 or 2026-11-01T12:00:00Z)",
    },
    to: { type: "string", value: "DATE", help: "answers given before DATE" },
    "min-likert": {
      type: "string",
      value: "N",
      help: "best-of-n: items whose winner's mean Likert score reaches N (1 to 7)",
    },
    sources: {
      type: "string",
      value: "human,judge",
      help: "only rows whose label came from these sources: human, judge, judge+audited, production (default: all)",
    },
    review: {
      type: "string",
      value: "R",
      choices: ["accepted", "reviewed", "all"],
      help: "demonstrations: accepted (default when the project reviews: accepted and never sampled), reviewed (accepted by a reviewer only) or all",
    },
    split: {
      type: "string",
      value: "train=0.9,test=0.1",
      help: "split by prompt into named parts whose shares add up to 1",
    },
  },
  async run(o) {
    // The schema of the API's export query: the same options, refused with the same messages.
    const options = parseCommandOptions(exportOptionsSchema, {
      format: o.format,
      minAgreement: o["min-agreement"],
      minLikert: o["min-likert"],
      minAnnotations: o["min-annotations"],
      excludeFlagged: o["exclude-flagged"] || undefined,
      minLabelerAgreement: o["min-labeler-agreement"],
      from: o.from,
      to: o.to,
      split: o.split,
      sources: o.sources,
      review: o.review,
    });
    const { writeExportFiles } = await import("@/lib/server/export/write-export-files");
    try {
      const written = await writeExportFiles({
        slug: o.project,
        format: options.format,
        out: o.out,
        filters: exportFiltersOf(options),
      });
      if (showsProgress()) process.stderr.write(`${written.rows.toLocaleString("en")} rows written\n`);
      return written;
    } catch (error) {
      // A file that cannot be written, or a format the project's kind does not allow: a usage error.
      if (error instanceof AppError && error.code === "bad_request") throw new UsageError(error.message);
      throw error;
    }
  },
});
