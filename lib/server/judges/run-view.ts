import "server-only";
import { z } from "zod";
import { queryRow, type Queryable } from "@/lib/server/db/query";
import type { RunRow } from "@/lib/server/judges/judge-queries";

/** A judge run as the API, the CLI and the Judges tab show it. */
export interface JudgeRunView {
  id: string;
  judge: string;
  status: RunRow["status"];
  promptVersion: number;
  /** Items asked about (two requests each: both display orders). */
  items: number;
  /** Items with both answers recorded. */
  done: number;
  /** Requests that failed for good (recorded with their error). */
  failed: number;
  /** Answers that could not be parsed (recorded as such, never guessed). */
  unparsed: number;
  promptTokens: number;
  completionTokens: number;
  /** This run's items by outcome. */
  consistent: number;
  inconsistent: number;
  unsure: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export async function runView(db: Queryable, row: RunRow, judgeName: string): Promise<JudgeRunView> {
  const counts = await queryRow(
    db,
    z.object({ consistent: z.number(), unsure: z.number(), answered: z.number() }),
    `SELECT count(*) FILTER (WHERE consistent)::int AS consistent, count(*) FILTER (WHERE unsure)::int AS unsure,
            count(*)::int AS answered
       FROM judge_annotations WHERE run_id = $1`,
    [row.id],
  );
  const c = counts ?? { consistent: 0, unsure: 0, answered: 0 };
  return {
    id: row.id,
    judge: judgeName,
    status: row.status,
    promptVersion: row.prompt_version,
    items: row.items,
    done: row.done,
    failed: row.failed,
    unparsed: row.unparsed,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    consistent: c.consistent,
    unsure: c.unsure,
    inconsistent: c.answered - c.consistent - c.unsure,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
