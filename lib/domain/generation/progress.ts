// Progress figures of a generation job (pure): how far, and when it will likely end.

export interface ProgressInput {
  /** Requests the job makes in all. */
  requests: number;
  /** Requests no longer pending (done, failed or skipped). */
  finished: number;
  /** When the first request started; null before. */
  startedAt: Date | null;
  now: Date;
}

/**
 * Seconds left at the rate so far (finished requests per second since the start), or null
 * while there is nothing to go by (not started, nothing finished, or no time elapsed). Zero
 * once everything is finished. Rounded up to a whole second.
 */
export function etaSeconds({ requests, finished, startedAt, now }: ProgressInput): number | null {
  const left = requests - finished;
  if (left <= 0) return 0;
  if (!startedAt || finished <= 0) return null;
  const elapsed = (now.getTime() - startedAt.getTime()) / 1000;
  if (elapsed <= 0) return null;
  return Math.ceil(left / (finished / elapsed));
}

/** "1 h 5 min", "3 min 20 s", "45 s" */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return rest ? `${Math.floor(s / 60)} min ${rest} s` : `${Math.floor(s / 60)} min`;
  }
  const minutes = Math.floor((s % 3600) / 60);
  return minutes ? `${Math.floor(s / 3600)} h ${minutes} min` : `${Math.floor(s / 3600)} h`;
}
