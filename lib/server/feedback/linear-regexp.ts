import "server-only";
import { setFlagsFromString } from "node:v8";

// A project's scrub patterns run on every text of every event, on the web server's one thread.
// The static check (scrubPatternProblem) refuses nested repetition, but not polynomial
// backtracking: `\d+\d+\d+x` on 600 digits held the server for 20 s, `.*secret` on a 100,000
// character reply for 10 s. V8's linear-time engine (the "l" flag) runs any pattern it accepts
// in time proportional to the text; it refuses backreferences, lookarounds and large {n,m}
// counts, so such a pattern is refused when saved and skipped on ingest.
let enabled = false;

/** The pattern compiled for V8's linear-time engine, global; throws when that engine refuses it. */
export function compileLinear(pattern: string): RegExp {
  if (!enabled) {
    setFlagsFromString("--enable-experimental-regexp-engine");
    enabled = true;
  }
  // eslint-disable-next-line no-invalid-regexp -- "l" exists once the flag above is set
  return new RegExp(pattern, "gl");
}

/** Why the pattern cannot run in linear time, or null. */
export function linearPatternProblem(pattern: string): string | null {
  try {
    compileLinear(pattern);
    return null;
  } catch {
    return "cannot run in linear time: leave out backreferences, lookarounds (?= (?! (?<= (?<! and counts above a few hundred ({1000})";
  }
}
