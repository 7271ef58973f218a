import "server-only";
import { inTransaction } from "@/lib/server/db/client";
import { lockItem } from "@/lib/server/items/item-queries";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";
import { requireProject } from "@/lib/server/projects/require-project";
import { writeGoldItem } from "@/lib/server/quality/quality-queries";
import { goldItemInputSchema, type GoldItemInput } from "@/lib/validation/quality";
import { expectedAnswerOf, goldUnusableReason } from "@/lib/domain/quality/gold-check";
import { parseLetterFlags, parseLetterRanking } from "@/lib/domain/quality/gold-input";
import { goldItemById } from "@/lib/server/items/gold-item-lookup";

/**
 * set-gold with issue 16's additions: the expected answer (best, or a full ranking, and the
 * expected flags per completion), the gold role (qualification, training, attention) and the
 * admin's explanation shown as training feedback. Everything empty unmarks the item. Answers
 * the reason the item cannot be used as a check, if it cannot.
 */
export async function setGoldItem(slug: string, itemId: string, input: GoldItemInput, actorId: string | null) {
  const data = goldItemInputSchema.parse(input);
  return inTransaction(async (tx) => {
    const project = await requireProject(slug, { tx });
    const item = await lockItem(tx, project.id, itemId);
    if (!item) throw new AppError("not_found", "No such item");
    const ids = new Set(item.completionIds);
    const ranking = data.ranking?.length ? data.ranking : null;
    if (data.best && !ids.has(data.best))
      throw new AppError("bad_request", "The expected answer must be one of the item's completions");
    if (ranking) {
      const flat = ranking.flat();
      if (flat.length !== ids.size || new Set(flat).size !== flat.length || flat.some((id) => !ids.has(id)))
        throw new AppError("bad_request", "The expected ranking must rank every completion of the item exactly once");
      if (data.best && !ranking[0]!.includes(data.best))
        throw new AppError("bad_request", "The expected best completion must be at the top of the expected ranking");
    }
    const flags = data.flags ?? null;
    if (flags) {
      for (const [id, list] of Object.entries(flags)) {
        if (!ids.has(id)) throw new AppError("bad_request", "Expected flags name a completion that is not the item's");
        const unknown = list.filter((f) => !project.flags.includes(f));
        if (unknown.length) throw new AppError("bad_request", `Unknown flag: ${unknown.join(", ")}`);
      }
    }
    const best = data.best ?? (ranking && ranking[0]!.length === 1 ? ranking[0]![0]! : null);
    const answer =
      best || ranking || flags
        ? { ...(best ? { best } : {}), ...(ranking ? { ranking } : {}), ...(flags ? { flags } : {}) }
        : null;
    const role = data.role ?? null;
    const explanation = data.explanation?.trim() || null;
    const isGold = answer !== null || role !== null;
    await writeGoldItem(tx, itemId, { isGold, answer, role, explanation: isGold ? explanation : null });
    await recordAudit(tx, {
      actorId,
      action: isGold ? "item.set_gold" : "item.unset_gold",
      entityType: "item",
      entityId: itemId,
      projectId: project.id,
      before: { isGold: item.isGold, goldAnswer: item.goldAnswer ?? null },
      after: { isGold, goldAnswer: answer, role, explanation },
    });
    return {
      isGold,
      goldAnswer: answer,
      role,
      explanation,
      unusable: goldUnusableReason(project.kind, role, expectedAnswerOf(answer)),
    };
  });
}

/** setGoldItem from the item page's form: the ranking and flags in the letters it shows. */
export async function setGoldFromLetters(
  slug: string,
  itemId: string,
  form: { best: string; role?: string; ranking?: string; flags?: string; explanation?: string },
  actorId: string,
) {
  const item = await goldItemById(slug, itemId);
  const ranking = form.ranking?.trim() ? parseLetterRanking(form.ranking, item.completionIds) : null;
  if (typeof ranking === "string") throw new AppError("bad_request", ranking);
  const flags = form.flags?.trim() ? parseLetterFlags(form.flags, item.completionIds, item.projectFlags) : null;
  if (typeof flags === "string") throw new AppError("bad_request", flags);
  return setGoldItem(
    slug,
    itemId,
    {
      best: form.best || null,
      ranking,
      flags,
      role: (form.role || null) as GoldItemInput["role"],
      explanation: form.explanation ?? null,
    },
    actorId,
  );
}
