// import: a JSONL file on this machine into a project, all or nothing unless --skip-invalid.
import { defineCommand, parseCommandOptions } from "@/cli/command";
import { RefusedError, showsProgress } from "@/cli/io";
import { IMPORT_FORMAT_CHOICE_NAMES } from "@/lib/domain/import/import-formats";
import { importFileSchema } from "@/lib/validation/imports";

export const importCommand = defineCommand({
  name: "import",
  summary:
    'Imports items, one JSON object per line. Prints {"imported", "duplicates", "errors": [{"line", "reason"}], "errorCount", "format", "lines"}; when a line is refused without --skip-invalid, nothing is written and it exits 1 after printing the report.',
  options: {
    project: { type: "string", value: "S", required: true, help: "the project's slug" },
    file: { type: "string", value: "F", required: true, help: "the JSONL file" },
    format: {
      type: "string",
      value: "FORMAT",
      choices: IMPORT_FORMAT_CHOICE_NAMES,
      help: "the file's format (default auto: read off the first line)",
    },
    "skip-invalid": { type: "boolean", help: "import the good lines and report the refused ones" },
    predictions: {
      type: "string",
      value: "DIR",
      help: "self-instruct: join the instructions line by line with every <model>_predictions.jsonl in DIR",
    },
    models: { type: "string", value: "a,b", help: "with --predictions: only these models (two make pairwise items)" },
    "max-line-bytes": { type: "string", value: "N", help: "refuse longer lines (default 1 MB)" },
  },
  async run(o) {
    // The format list and schema of the API's import query.
    const { skipInvalid, ...request } = parseCommandOptions(importFileSchema, {
      format: o.format,
      skipInvalid: o["skip-invalid"],
      predictions: o.predictions,
      models: o.models,
      maxLineBytes: o["max-line-bytes"],
    });
    const { importFile } = await import("@/lib/server/import/import-file");
    const progress = showsProgress();
    const summary = await importFile(
      null,
      { slug: o.project, file: o.file, ...request },
      {
        skipInvalid,
        onProgress: progress
          ? (p) =>
              process.stderr.write(
                `\r${p.lines.toLocaleString("en")} lines, ${p.imported.toLocaleString("en")} imported, ${p.errors} refused`,
              )
          : undefined,
      },
    );
    if (progress) process.stderr.write("\n");
    const result = {
      imported: summary.imported,
      duplicates: summary.duplicates,
      errors: summary.errors,
      errorCount: summary.errorCount,
      format: summary.format,
      lines: summary.lines,
    };
    if (summary.errorCount > 0 && !summary.committed) {
      const first = summary.errors[0]!;
      throw new RefusedError(
        `${summary.errorCount} line(s) refused, so nothing was imported (first: line ${first.line}: ${first.reason}). Fix them, or pass --skip-invalid to import the rest.`,
        result,
      );
    }
    return result;
  },
});
