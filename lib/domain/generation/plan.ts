// Which requests a generation job makes for one item, and on which lane each runs. Pure: the
// server reads the item's completions, these decide (tests/unit/generation-plan.test.ts).

/** One request: an endpoint's sample number `sample` (0-based) for an item. */
export interface PlannedRequest {
  endpointId: string;
  sample: number;
}

/**
 * The key that makes a request idempotent: a completion generated for it carries this key
 * (unique), so asking again (a re-run, a resume, a retried job) adds nothing.
 */
export function generationKey(itemId: string, endpointId: string, sample: number): string {
  return `${itemId}:${endpointId}:${sample}`;
}

/**
 * The requests still wanted for one item: every endpoint × sample whose completion does not
 * exist yet, in sample-major order (each endpoint's first sample before anyone's second), cut
 * to the room the item has left under the project's maximum. An item at its maximum gets none.
 */
export function planItemRequests(options: {
  itemId: string;
  /** Completions the item has (imported and generated; labelers' rewrites excluded). */
  completions: number;
  /** The generation keys among them. */
  existingKeys: ReadonlySet<string>;
  maxCompletions: number;
  endpointIds: readonly string[];
  samples: number;
}): PlannedRequest[] {
  const room = options.maxCompletions - options.completions;
  const planned: PlannedRequest[] = [];
  for (let sample = 0; sample < options.samples; sample += 1) {
    for (const endpointId of options.endpointIds) {
      if (planned.length >= room) return planned;
      if (options.existingKeys.has(generationKey(options.itemId, endpointId, sample))) continue;
      planned.push({ endpointId, sample });
    }
  }
  return planned;
}

/**
 * Lanes: an endpoint with maximum concurrency C has C pg-boss queues, each running one request
 * at a time in all worker processes together. Requests are dealt round-robin, continuing from
 * where the endpoint's previous request went (`offset`), so lanes fill evenly.
 */
export function laneFor(index: number, lanes: number, offset = 0): number {
  if (!Number.isInteger(lanes) || lanes < 1) throw new RangeError("lanes must be a positive integer");
  return (((index + offset) % lanes) + lanes) % lanes;
}

/** The pg-boss queue of one lane of an endpoint. */
export function laneQueue(endpointId: string, lane: number): string {
  return `generate.${endpointId}.${lane}`;
}
