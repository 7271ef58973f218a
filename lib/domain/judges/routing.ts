// Routing by judge (docs/JUDGES.md, "Routing"): after a run, an item the judge answered
// consistently and surely needs fewer humans. Its audit is drawn by a hash of item and judge,
// so the same run routes the same way every time (and on any machine).

/** FNV-1a, 32 bits. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A number in [0, 1) fixed by the item and the judge. */
export function auditDraw(itemId: string, judgeId: string): number {
  // Two hashes (of the pair in both orders) make 53 bits: finer than one 32-bit hash.
  const high = fnv1a(`${itemId}:${judgeId}`) >>> 11; // 21 bits
  const low = fnv1a(`${judgeId}:${itemId}`); // 32 bits
  return (high * 2 ** 32 + low) / 2 ** 53;
}

/**
 * The human overlap an item wants after the judge: null (the project's full overlap) when the
 * judge contradicted itself, was unsure or could not be read; otherwise 1 (one human audit,
 * with probability auditRate) or 0 (the judge's verdict alone labels it).
 */
export function targetOverlapFor(
  verdict: { consistent: boolean; unsure: boolean },
  itemId: string,
  judgeId: string,
  auditRate: number,
): number | null {
  if (!verdict.consistent || verdict.unsure) return null;
  return auditDraw(itemId, judgeId) < auditRate ? 1 : 0;
}
