// Peer review's figure per labeler (docs/QUALITY.md, "Review of demonstrations"): the share of
// their reviewed demonstrations that a reviewer kept. An edit keeps the answer (improved), so it
// counts as accepted; pending reviews are not decided yet and count for nothing.

export interface ReviewOutcomes {
  accepted: number;
  edited: number;
  rejected: number;
}

/** (accepted + edited) / decided, or null before any decision. */
export function acceptanceRate(o: ReviewOutcomes): number | null {
  const decided = o.accepted + o.edited + o.rejected;
  return decided === 0 ? null : (o.accepted + o.edited) / decided;
}
