// A comparison or ranking in progress, restored after a reload. Pure, so "restore only what
// still fits the task" has one tested home. The saved draft comes from the server (checked
// by lib/validation/answer-draft.ts when saved) or from this browser's localStorage (checked
// by nobody), so every field is read as unknown and kept only when it fits the task shown:
// its completions, the project's flags, Likert 1-7.
import type { RewriteDraft } from "./rewrite-draft";

export type Choice = "a" | "b" | "good" | "bad";

/** What the labeler has done on a comparison or ranking, beyond the order. */
export interface RestoredExtras {
  ratings: Record<string, number>;
  flags: Record<string, string[]>;
  rewrite: RewriteDraft | null;
  comment: string;
}

export interface RestoredComparison extends RestoredExtras {
  choice: Choice | null;
  strength: 1 | 2 | 3 | null;
}

export interface RestoredRanking extends RestoredExtras {
  /** Null when nothing usable was saved: the page starts from the order shown. */
  ranking: string[][] | null;
  ordered: boolean;
}

interface TaskShape {
  completions: readonly { id: string; text: string }[];
  /** The project's flag ids. */
  flags: readonly string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const emptyExtras = (): RestoredExtras => ({ ratings: {}, flags: {}, rewrite: null, comment: "" });

function restoreExtras(raw: Record<string, unknown>, task: TaskShape): RestoredExtras {
  const ids = new Set(task.completions.map((c) => c.id));
  const ratings: Record<string, number> = {};
  if (isRecord(raw.ratings)) {
    for (const [id, score] of Object.entries(raw.ratings)) {
      if (ids.has(id) && Number.isInteger(score) && (score as number) >= 1 && (score as number) <= 7) {
        ratings[id] = score as number;
      }
    }
  }
  const flags: Record<string, string[]> = {};
  if (isRecord(raw.flags)) {
    for (const [id, list] of Object.entries(raw.flags)) {
      if (!ids.has(id) || !Array.isArray(list)) continue;
      const kept = [...new Set(list.filter((f): f is string => typeof f === "string" && task.flags.includes(f)))];
      if (kept.length) flags[id] = kept;
    }
  }
  let rewrite: RewriteDraft | null = null;
  const saved = raw.rewrite;
  if (isRecord(saved) && typeof saved.text === "string") {
    // The editor's source text is the completion's own: only its id is saved.
    const source = task.completions.find((c) => c.id === saved.sourceId);
    if (source) rewrite = { sourceId: source.id, sourceText: source.text, text: saved.text, kept: saved.kept === true };
  }
  const comment = typeof raw.comment === "string" ? raw.comment : "";
  return { ratings, flags, rewrite, comment };
}

const CHOICES: readonly unknown[] = ["a", "b", "good", "bad"];

/** A comparison's saved answer, as far as it fits this task; empty when nothing was saved. */
export function restoreComparison(raw: unknown, task: TaskShape): RestoredComparison {
  if (!isRecord(raw)) return { ...emptyExtras(), choice: null, strength: null };
  const choice = CHOICES.includes(raw.choice) ? (raw.choice as Choice) : null;
  // A strength belongs to "A is better" or "B is better" only.
  const strength =
    (choice === "a" || choice === "b") && (raw.strength === 1 || raw.strength === 2 || raw.strength === 3)
      ? raw.strength
      : null;
  return { ...restoreExtras(raw, task), choice, strength };
}

/**
 * A ranking's saved answer: the order only when it holds every completion of the task exactly
 * once (a draft from another display of the item is not forced onto this one).
 */
export function restoreRanking(raw: unknown, task: TaskShape): RestoredRanking {
  if (!isRecord(raw)) return { ...emptyExtras(), ranking: null, ordered: false };
  const ranking = isRanking(
    raw.ranking,
    task.completions.map((c) => c.id),
  )
    ? raw.ranking
    : null;
  return { ...restoreExtras(raw, task), ranking, ordered: ranking !== null && raw.ordered === true };
}

function isRanking(value: unknown, ids: readonly string[]): value is string[][] {
  if (!Array.isArray(value) || value.length === 0) return false;
  const seen: string[] = [];
  for (const group of value) {
    if (!Array.isArray(group) || group.length === 0) return false;
    for (const id of group) {
      if (typeof id !== "string" || !ids.includes(id) || seen.includes(id)) return false;
      seen.push(id);
    }
  }
  return seen.length === ids.length;
}

/** True when a restored answer holds anything the labeler did ("Draft restored" says so). */
export function hasWork(restored: RestoredComparison | RestoredRanking): boolean {
  return (
    ("choice" in restored && restored.choice !== null) ||
    ("ordered" in restored && restored.ordered) ||
    Object.keys(restored.ratings).length > 0 ||
    Object.keys(restored.flags).length > 0 ||
    restored.rewrite !== null ||
    restored.comment !== ""
  );
}

/** The draft saved for these extras (lib/validation/answer-draft.ts): only the rewrite's source id travels. */
export function extrasDraft({ ratings, flags, rewrite, comment }: RestoredExtras) {
  return {
    ...(Object.keys(ratings).length ? { ratings } : {}),
    ...(Object.keys(flags).length ? { flags } : {}),
    ...(rewrite ? { rewrite: { sourceId: rewrite.sourceId, text: rewrite.text, kept: rewrite.kept } } : {}),
    ...(comment ? { comment } : {}),
  };
}
