// The CLI's command table: dispatch, the usage drawn from it, and the lists and schemas it
// shares with the API and the UI.
import { describe, expect, it } from "vitest";
import { UsageError } from "@/cli/args";
import { parseCommandOptions } from "@/cli/command";
import { COMMANDS, findCommand } from "@/cli/command-table";
import { commandUsage, usage } from "@/cli/usage";
import { LEVELS } from "@/lib/domain/agreement/krippendorff";
import { EXPORT_FORMAT_NAMES, EXPORT_FORMATS_BY_KIND, exportFormatsFor } from "@/lib/domain/export/formats";
import { IMPORT_FORMAT_CHOICE_NAMES, IMPORT_FORMATS } from "@/lib/domain/import/import-formats";
import { exportOptionsSchema } from "@/lib/validation/exports";
import { importFileSchema, importQuerySchema } from "@/lib/validation/imports";
import { projectKindSchema } from "@/lib/validation/projects";
import { roleSchema } from "@/lib/validation/users";

const usageError = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("no usage error");
};

describe("findCommand", () => {
  it("finds two-word and one-word commands and leaves the rest for the options", () => {
    expect(findCommand(["user", "create", "--email", "e"])).toMatchObject({
      command: { name: "user create" },
      args: ["--email", "e"],
    });
    expect(findCommand(["import", "--project", "p"])).toMatchObject({
      command: { name: "import" },
      args: ["--project", "p"],
    });
  });

  it("refuses an unknown command, naming a group's commands", () => {
    expect(usageError(() => findCommand(["frobnicate"]))).toBe("unknown command: frobnicate");
    expect(usageError(() => findCommand(["user"]))).toBe(
      "unknown command: user (user takes create, unlock, reset-password)",
    );
    expect(usageError(() => findCommand(["token", "burn"]))).toBe(
      "unknown command: token burn (token takes create, list, revoke)",
    );
  });

  it("has one entry per command name", () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("usage", () => {
  const text = usage(COMMANDS);

  it("lists every command of the table, each with its options", () => {
    for (const command of COMMANDS) {
      // Its own line: `  name --option ...`, or `  name` alone for a command without options.
      expect(text.split("\n")).toContainEqual(expect.stringMatching(new RegExp(`^  ${command.name}( |$)`)));
      for (const option of Object.keys(command.options)) expect(commandUsage(command)).toContain(`--${option}`);
    }
    expect(text.split("\n").every((line) => line.length <= 100)).toBe(true);
  });

  it("spells out the import and export formats, roles, kinds and levels from their one list", () => {
    expect(text).toContain(`--role ${roleSchema.options.join("|")}`);
    expect(text).toContain(`--kind ${projectKindSchema.options.join("|")}`);
    expect(text).toContain(`[--format ${IMPORT_FORMAT_CHOICE_NAMES.join("|")}]`);
    // Too many export formats for one line: the synopsis names the value, the command's help lists them.
    expect(text).toContain("--format FORMAT");
    const exportHelp = commandUsage(COMMANDS.find((c) => c.name === "export")!).replace(/\s+/g, " ");
    expect(exportHelp).toContain(`one of ${EXPORT_FORMAT_NAMES.join(", ")}`);
    expect(text).toContain(`--level ${LEVELS.join("|")}`);
  });
});

describe("formats shared by the CLI, the API and the UI", () => {
  it("import: one list, auto first, the UI's labels beside the names", () => {
    expect(IMPORT_FORMAT_CHOICE_NAMES).toEqual([
      "auto",
      "prompts",
      "completions",
      "hh",
      "openai-chat",
      "self-instruct",
    ]);
    expect(IMPORT_FORMATS.every((f) => f.label.length > 0)).toBe(true);
  });

  it("export: every kind can export sft and raw; the kind's own formats come first (the form's default)", () => {
    expect(exportFormatsFor("demonstration")).toEqual(["sft", "sft-prompt-completion", "raw"]);
    const pairs = [
      "preference",
      "preference-hh",
      "best-of-n",
      "kto",
      "safety",
      "openai-dpo",
      "sft",
      "sft-prompt-completion",
      "raw",
    ];
    expect(exportFormatsFor("comparison")).toEqual(pairs);
    expect(exportFormatsFor("ranking")).toEqual(pairs);
    expect(EXPORT_FORMATS_BY_KIND).toEqual({
      demonstration: exportFormatsFor("demonstration"),
      comparison: pairs,
      ranking: pairs,
      conversation: ["preference", "preference-hh", "openai-dpo", "sft", "red-team", "raw"],
    });
  });

  it("the CLI refuses a format with the API's message, as a usage error naming the flag", () => {
    const api = importQuerySchema.safeParse({ format: "csv" });
    expect(api.success).toBe(false);
    const message = api.error!.issues[0]!.message;
    expect(message).toBe("format must be one of auto, prompts, completions, hh, openai-chat, self-instruct");
    expect(usageError(() => parseCommandOptions(importFileSchema, { format: "csv" }))).toBe(`--format: ${message}`);

    const exportApi = exportOptionsSchema.safeParse({ format: "csv" });
    expect(usageError(() => parseCommandOptions(exportOptionsSchema, { format: "csv" }))).toBe(
      `--format: ${exportApi.error!.issues[0]!.message}`,
    );
  });

  it("names camelCase fields by their flag, and keeps a message that already names it", () => {
    expect(usageError(() => parseCommandOptions(exportOptionsSchema, { format: "sft", minAgreement: "2" }))).toMatch(
      /^--min-agreement: /,
    );
    expect(usageError(() => parseCommandOptions(importFileSchema, { maxLineBytes: "0" }))).toBe(
      "--max-line-bytes: the line limit must be a positive number of bytes",
    );
  });
});
