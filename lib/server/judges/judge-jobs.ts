import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";

// A judge request as a pg-boss job. Judge requests share their endpoint's lanes with
// generation requests (lib/server/generation/boss.ts, docs/MODELS.md "Limits"), so an
// endpoint's concurrency and requests per minute hold across both. The worker tells the two
// apart by `kind`.

export const judgeJobData = z.object({
  kind: z.literal("judge"),
  runId: z.string().uuid(),
  itemId: z.string().uuid(),
  swap: z.union([z.literal(0), z.literal(1)]),
  endpointId: z.string().uuid(),
  timeoutMs: z.number().int().positive().optional(),
});
export type JudgeJobData = z.infer<typeof judgeJobData>;

export function isJudgeJob(data: unknown): data is JudgeJobData {
  return judgeJobData.safeParse(data).success;
}

/** The pg-boss job id of (run, item, order): fixed, so a cancel can name the jobs without a table of them. */
export function judgeBossJobId(runId: string, itemId: string, swap: number): string {
  const hex = createHash("sha256").update(`judge:${runId}:${itemId}:${swap}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
