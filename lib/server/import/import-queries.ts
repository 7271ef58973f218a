import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { itemContentHash } from "@/lib/domain/content-hash";
import type { ImportedItem } from "@/lib/domain/import/types";
import { execute, queryRow, queryRows, type Queryable } from "@/lib/server/db/query";

const idRow = z.object({ id: z.string() });

export interface TargetProject {
  id: string;
  overlap: number;
}

/**
 * Writes one batch of items, their completions and one slot per unit of overlap, in three
 * statements on the caller's transaction. Items whose external id (or content hash) the
 * project already has are left alone. Returns how many were new.
 */
export async function writeItemBatch(
  client: Queryable,
  project: TargetProject,
  items: ImportedItem[],
): Promise<number> {
  if (items.length === 0) return 0;
  const ids = items.map(() => randomUUID());
  const hashes = items.map((item) =>
    itemContentHash(
      item.messages,
      item.completions.map((c) => c.text),
    ),
  );
  // The batch's numbers within the project, in file order, held until the transaction ends
  // (rlhf_reserve_item_numbers); a duplicate left out leaves a gap.
  const first = (await queryRow(
    client,
    z.object({ first: z.number().int() }),
    "SELECT rlhf_reserve_item_numbers($1) AS first",
    [project.id],
  ))!.first;
  const inserted = await queryRows(
    client,
    idRow,
    `INSERT INTO items (id, project_id, external_id, content_hash, messages, metadata, priority, number)
     SELECT u.id, $1::uuid, u.external_id, u.content_hash, u.messages::jsonb, u.metadata::jsonb, u.priority,
            $8::int + u.n::int - 1
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[])
            WITH ORDINALITY AS u(id, external_id, content_hash, messages, metadata, priority, n)
      ORDER BY u.n
     ON CONFLICT (project_id, external_id) DO NOTHING
     RETURNING id`,
    [
      project.id,
      ids,
      items.map((item, i) => item.externalId ?? hashes[i]!),
      hashes,
      items.map((item) => JSON.stringify(item.messages)),
      items.map((item) => JSON.stringify(item.metadata)),
      items.map((item) => item.priority),
      first,
    ],
  );
  const fresh = new Set(inserted.map((r) => r.id));
  if (fresh.size === 0) return 0;

  const completionId: string[] = [];
  const completionItem: string[] = [];
  const completionPosition: number[] = [];
  const completionText: string[] = [];
  const completionModel: (string | null)[] = [];
  // Gold answers name completions by position; the ids are made here to map them.
  const goldItem: string[] = [];
  const goldAnswer: (string | null)[] = [];
  const goldRole: (string | null)[] = [];
  const goldExplanation: (string | null)[] = [];
  items.forEach((item, i) => {
    if (!fresh.has(ids[i]!)) return;
    const byPosition = item.completions.map(() => randomUUID());
    if (item.gold) {
      const { best, ranking, role, explanation } = item.gold;
      const answer =
        best !== null || ranking !== null
          ? {
              ...(best !== null ? { best: byPosition[best]! } : {}),
              ...(ranking ? { ranking: ranking.map((group) => group.map((p) => byPosition[p]!)) } : {}),
            }
          : null;
      goldItem.push(ids[i]!);
      goldAnswer.push(answer === null ? null : JSON.stringify(answer));
      goldRole.push(role);
      goldExplanation.push(explanation);
    }
    item.completions.forEach((completion, position) => {
      completionId.push(byPosition[position]!);
      completionItem.push(ids[i]!);
      completionPosition.push(position);
      completionText.push(completion.text);
      completionModel.push(completion.model ?? null);
    });
  });
  if (completionItem.length) {
    await execute(
      client,
      `INSERT INTO completions (id, item_id, position, text, model)
       SELECT u.id, u.item_id, u.position, u.text, u.model
         FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[]) AS u(id, item_id, position, text, model)`,
      [completionId, completionItem, completionPosition, completionText, completionModel],
    );
  }
  if (goldItem.length) {
    await execute(
      client,
      `UPDATE items i SET is_gold = true, gold_answer = u.answer::jsonb, gold_role = u.role, gold_explanation = u.explanation
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(item_id, answer, role, explanation)
        WHERE i.id = u.item_id`,
      [goldItem, goldAnswer, goldRole, goldExplanation],
    );
  }
  await execute(
    client,
    `INSERT INTO slots (id, item_id, project_id, index)
     SELECT gen_random_uuid(), u.item_id, $2::uuid, s
       FROM unnest($1::uuid[]) AS u(item_id) CROSS JOIN generate_series(0, $3::int - 1) AS s`,
    [[...fresh], project.id, project.overlap],
  );
  return fresh.size;
}
