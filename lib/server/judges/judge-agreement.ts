import "server-only";
import {
  judgeAgreement,
  type AgreementFigures,
  type Disagreement,
  type JudgeAgreement,
} from "@/lib/domain/judges/judge-agreement";
import { swapConsistency, type SwapConsistency } from "@/lib/domain/judges/swap-consistency";
import { pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { disagreementTexts, judgedItems, projectJudges, swapCounts } from "@/lib/server/judges/judge-agreement-queries";
import { requireProject } from "@/lib/server/projects/require-project";
import type { DisagreementPage } from "@/lib/validation/judge-agreement";

/** Characters of each text a disagreement row shows (the item page has them whole). */
export const DISAGREEMENT_TEXT_CHARS = 600;

export type DisagreementRow = Omit<Disagreement, "completions"> & {
  rationale: string | null;
  /** The prompt's last message. */
  prompt: string;
  completions: (Disagreement["completions"][number] & { text: string })[];
};

/** The report the CLI, the API and the page share (docs/JUDGES.md, "Agreement with humans"). */
export type JudgeAgreementReport = AgreementFigures &
  Omit<JudgeAgreement, "disagreements"> & {
    project: string;
    judge: string;
    /** Position-swap consistency: swap.share (consistent items / judged items); null before any verdict. */
    swapConsistency: number | null;
    swap: SwapConsistency;
    disagreements: { total: number; offset: number; limit: number; rows: DisagreementRow[] };
  };

/**
 * The judge the caller names, or the project's only one: not_found for a project or judge that
 * does not exist, bad_request when the project has several and none is named (listing them).
 */
export async function requireProjectJudge(projectId: string, slug: string, name: string | undefined) {
  const judges = await projectJudges(pool(), projectId);
  const names = judges.map((j) => j.name).join(", ");
  if (name === undefined) {
    if (judges.length === 1) return judges[0]!;
    if (judges.length === 0) throw new AppError("not_found", `project ${slug} has no judge`);
    throw new AppError("bad_request", `project ${slug} has ${judges.length} judges: name one with --judge (${names})`);
  }
  const judge = judges.find((j) => j.name === name);
  if (!judge) {
    throw new AppError("not_found", `no judge named ${name} in project ${slug}${names ? ` (judges: ${names})` : ""}`);
  }
  return judge;
}

/**
 * How a project's judge agrees with its human answers, computed now: the swap counts summed in
 * SQL, the judged items read once (compact rows) and measured in memory, then the texts of the
 * one page of disagreements asked for.
 */
export async function judgeAgreementReport(options: {
  slug: string;
  judge?: string;
  page?: DisagreementPage;
}): Promise<JudgeAgreementReport> {
  const project = await requireProject(options.slug);
  const judge = await requireProjectJudge(project.id, project.slug, options.judge);
  const [swap, items] = await Promise.all([swapCounts(pool(), judge.id), judgedItems(pool(), judge.id)]);
  const { disagreements, ...report } = judgeAgreement(items, { flags: project.flags ?? [] });
  const { offset, limit } = options.page ?? { offset: 0, limit: 20 };
  const shown = disagreements.slice(offset, offset + limit);
  const texts = new Map(
    (shown.length
      ? await disagreementTexts(
          pool(),
          judge.id,
          shown.map((d) => d.itemId),
          DISAGREEMENT_TEXT_CHARS,
        )
      : []
    ).map((t) => [t.itemId, t]),
  );
  const counts = swapConsistency(swap);
  return {
    project: project.slug,
    judge: judge.name,
    ...report,
    swapConsistency: counts.share,
    swap: counts,
    disagreements: {
      total: disagreements.length,
      offset,
      limit,
      rows: shown.map((d) => {
        const t = texts.get(d.itemId);
        const textOf = new Map(t?.completions.map((c) => [c.id, c.text]));
        return {
          ...d,
          rationale: t?.rationale ?? null,
          prompt: t?.prompt ?? "",
          completions: d.completions.map((c) => ({ ...c, text: textOf.get(c.id) ?? "" })),
        };
      }),
    },
  };
}
