// Position-swap consistency: a judge asked the same item in both display orders should give
// the same ranking. The server counts the orders in SQL (judge-agreement-queries.ts); this
// turns the counts into the shares the report shows.

export interface SwapCounts {
  /** Items with a judge annotation (each asked in both orders). */
  items: number;
  /** Items whose two orders both gave a parsed ranking. */
  bothParsed: number;
  /** Of those, items whose two rankings are the same (tie groups compared as sets). */
  consistent: number;
  /** Orders answered but not parsed (parse_error), orders whose request failed, orders never recorded. */
  unparsedOrders: number;
  failedOrders: number;
  missingOrders: number;
}

export interface SwapConsistency extends SwapCounts {
  /** consistent / items: an order that was not parsed counts against the judge, never as a guess. */
  share: number | null;
  /** consistent / bothParsed: the same among the items where both orders were read. */
  shareOfParsed: number | null;
  /** Items where at least one order has no parsed ranking. */
  unparsedItems: number;
}

export function swapConsistency(counts: SwapCounts): SwapConsistency {
  return {
    ...counts,
    share: counts.items ? counts.consistent / counts.items : null,
    shareOfParsed: counts.bothParsed ? counts.consistent / counts.bothParsed : null,
    unparsedItems: counts.items - counts.bothParsed,
  };
}
