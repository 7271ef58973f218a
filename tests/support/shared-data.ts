// Public data sets that nobody on this project wrote live beside the project, in
// ../shared/data (see its README). A user's clone has no such folder: tests and benchmarks
// on that data skip with a message naming the path, and tests/fixtures (our own small files
// in the same formats) cover the same parsing paths. RLHF_SHARED_DATA points elsewhere (or,
// set to a missing folder, shows what a plain clone does).
import { existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "..", "..");

export const sharedDataRoot = path.resolve(process.env.RLHF_SHARED_DATA ?? path.join(root, "..", "shared", "data"));

/** A folder of the public data, and whether it is there (with a console line saying so when it is not). */
export function sharedData(folder: string): { dir: string; present: boolean; skipNote: string } {
  const dir = path.join(sharedDataRoot, folder);
  const present = existsSync(dir);
  const skipNote = `skipped: no public data at ${dir} (it lives beside the project in ../shared/data, which a plain clone does not have; RLHF_SHARED_DATA names another folder)`;
  if (!present) console.warn(`[shared data] ${skipNote}`);
  return { dir, present, skipNote };
}

/** Our own small files in the formats of the public ones (tests/fixtures). */
export const fixturesDir = path.join(root, "tests", "fixtures");
