// The item page's gold form, filled from the stored gold answer (letters, as the page shows). Pure.
import { rankingAsText } from "@/lib/domain/ranking-text";
import { expectedAnswerOf, goldUnusableReason } from "@/lib/domain/quality/gold-check";

export function goldFormValues(
  kind: string,
  item: { goldAnswer: unknown; goldRole: string | null; goldExplanation: string | null },
  letter: (id: string) => string,
) {
  const expected = expectedAnswerOf(item.goldAnswer);
  const flags = expected?.flags
    ? Object.entries(expected.flags)
        .filter(([, list]) => list.length)
        .map(([id, list]) => `${letter(id)}:${list.join(",")}`)
        .sort()
        .join(" ")
    : "";
  return {
    role: item.goldRole,
    explanation: item.goldExplanation,
    ranking: expected?.ranking ? rankingAsText(expected.ranking, letter) : "",
    flags,
    unusable: goldUnusableReason(kind, item.goldRole, expected),
  };
}
