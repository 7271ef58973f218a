// Every command of the CLI, in the order the usage lists them: dispatch and usage read this table.
import type { Command } from "@/cli/command";
import { agreementCommand } from "@/cli/commands/agreement";
import { exportCommand } from "@/cli/commands/export";
import { feedbackImport } from "@/cli/commands/feedback-import";
import { generateCommand, generationList, generationShow } from "@/cli/commands/generate";
import { importCommand } from "@/cli/commands/import";
import { judgeAgreementCommand } from "@/cli/commands/judge-agreement";
import { judgeAdd, judgeList, judgeRun, judgeSet } from "@/cli/commands/judge";
import { modelAdd, modelList, modelRemove, modelSet, modelTest } from "@/cli/commands/model";
import { leaderboardCommand } from "@/cli/commands/leaderboard";
import { goldSet, qualificationStatusCommand } from "@/cli/commands/qualification";
import { projectAddMember, projectCreate, projectSet, projectSetRole } from "@/cli/commands/project";
import { projectCostCommand, projectOverlapCommand } from "@/cli/commands/project-quality";
import { tokenCreate, tokenList, tokenRevoke } from "@/cli/commands/token";
import { userCreate, userResetPassword, userUnlock } from "@/cli/commands/user";
import { UsageError } from "@/cli/args";

export const COMMANDS: readonly Command[] = [
  userCreate,
  userUnlock,
  userResetPassword,
  tokenCreate,
  tokenList,
  tokenRevoke,
  projectCreate,
  projectAddMember,
  projectSetRole,
  projectSet,
  qualificationStatusCommand,
  goldSet,
  projectCostCommand,
  projectOverlapCommand,
  importCommand,
  exportCommand,
  agreementCommand,
  modelAdd,
  modelSet,
  modelList,
  modelTest,
  modelRemove,
  leaderboardCommand,
  generateCommand,
  generationShow,
  generationList,
  feedbackImport,
  judgeAgreementCommand,
  judgeAdd,
  judgeSet,
  judgeList,
  judgeRun,
];

/** The command the arguments name (one word or two) and the arguments left for its options. */
export function findCommand(argv: readonly string[], commands = COMMANDS): { command: Command; args: string[] } {
  const [first = "", second = ""] = argv;
  const two = commands.find((c) => c.name === `${first} ${second}`);
  if (two) return { command: two, args: argv.slice(2) };
  const one = commands.find((c) => c.name === first);
  if (one) return { command: one, args: argv.slice(1) };
  const verbs = commands.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name.slice(first.length + 1));
  if (verbs.length > 0) {
    throw new UsageError(`unknown command: ${`${first} ${second}`.trim()} (${first} takes ${verbs.join(", ")})`);
  }
  throw new UsageError(first ? `unknown command: ${first}` : "no command given");
}
