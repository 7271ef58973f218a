import "server-only";
import { z } from "zod";
import { queryRow, type Queryable } from "@/lib/server/db/query";

/** The project's kind and flags, which decide how a gold answer is checked. */
export async function projectFlagsAndKind(db: Queryable, projectId: string) {
  const row = await queryRow(
    db,
    z.object({ kind: z.string(), flags: z.array(z.string()) }),
    "SELECT kind::text AS kind, flags FROM projects WHERE id = $1",
    [projectId],
  );
  return row!;
}
