// Edits of a ranking held as tie groups, best first: [["c2"], ["c1", "c3"]]. Pure, so the
// drag-and-drop and keyboard controls of the ranking page share one tested model.
export type Groups = string[][];

function locate(groups: Groups, id: string): { group: number; index: number } {
  for (let group = 0; group < groups.length; group += 1) {
    const index = groups[group]!.indexOf(id);
    if (index >= 0) return { group, index };
  }
  throw new Error(`unknown completion ${id}`);
}

const withoutEmpty = (groups: Groups) => groups.filter((g) => g.length > 0);

function removeFrom(groups: Groups, id: string): Groups {
  return groups.map((g) => g.filter((x) => x !== id));
}

/** One step better: a tied card leaves its group upward; a lone card swaps with the group above. */
export function moveUp(groups: Groups, id: string): Groups {
  const { group } = locate(groups, id);
  if (groups[group]!.length > 1) return insertAsGroup(groups, id, group);
  if (group === 0) return groups;
  const next = groups.map((g) => [...g]);
  [next[group - 1], next[group]] = [next[group]!, next[group - 1]!];
  return next;
}

/** One step worse: a tied card leaves its group downward; a lone card swaps with the group below. */
export function moveDown(groups: Groups, id: string): Groups {
  const { group } = locate(groups, id);
  if (groups[group]!.length > 1) return insertAsGroup(groups, id, group + 1);
  if (group === groups.length - 1) return groups;
  const next = groups.map((g) => [...g]);
  [next[group], next[group + 1]] = [next[group + 1]!, next[group]!];
  return next;
}

/**
 * Tie toggle (T): a lone card joins the group above it, as the shortcut help says; the top
 * card has none above and stays. A tied card is split off on its side of the group, so the
 * reading order stays: the first of the group just above it, any other just below.
 */
export function toggleTie(groups: Groups, id: string): Groups {
  const { group, index } = locate(groups, id);
  if (groups[group]!.length > 1) return insertAsGroup(groups, id, index === 0 ? group : group + 1);
  if (group === 0) return groups;
  return joinGroup(groups, id, group - 1);
}

/** True when T would change something: the card is tied, or there is a group above it. */
export const canToggleTie = (groups: Groups, id: string) => {
  const { group } = locate(groups, id);
  return group > 0 || groups[group]!.length > 1;
};

/**
 * Straight to rank `rank` (1 = best), alone in its group: the digit keys. A rank past the
 * end puts the card last.
 */
export function moveToRank(groups: Groups, id: string, rank: number): Groups {
  locate(groups, id);
  const rest = withoutEmpty(removeFrom(groups, id));
  rest.splice(Math.max(0, Math.min(rank - 1, rest.length)), 0, [id]);
  return rest;
}

/** Drag onto a group: tie with it. `target` counts groups before the card is removed. */
export function joinGroup(groups: Groups, id: string, target: number): Groups {
  const from = locate(groups, id).group;
  if (from === target) return groups;
  const next = removeFrom(groups, id);
  next[target] = [...next[target]!, id];
  return withoutEmpty(next);
}

/** Drag into a gap: a group of its own at `position` (0 = best), counted before removal. */
export function insertAsGroup(groups: Groups, id: string, position: number): Groups {
  const next = removeFrom(groups, id);
  next.splice(position, 0, [id]);
  return withoutEmpty(next);
}

/** The 1-based rank shown for each group (tied cards share it). */
export function rankOf(groups: Groups, id: string): number {
  return locate(groups, id).group + 1;
}

/** The cards in reading order, for keyboard navigation. */
export function flatten(groups: Groups): string[] {
  return groups.flat();
}
