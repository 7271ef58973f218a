// Bulk data for the queue benchmark, written with plain SQL (generate_series) so that
// 100,000 items take seconds, not minutes.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type pg from "pg";

export interface BenchProject {
  id: string;
  slug: string;
}

export async function createBenchProject(
  client: pg.Client,
  slug: string,
  items: number,
  overlap: number,
  options: { kind?: "comparison" | "demonstration"; leaseSeconds?: number } = {},
): Promise<BenchProject> {
  const id = randomUUID();
  const kind = options.kind ?? "comparison";
  await client.query(
    `INSERT INTO projects (id, slug, name, kind, overlap, lease_seconds, min_completions, max_completions, flags, updated_at)
     VALUES ($1, $2, $2, $3, $4, $5, $6, $7, '{}', now())`,
    [
      id,
      slug,
      kind,
      overlap,
      options.leaseSeconds ?? 1800,
      kind === "comparison" ? 2 : 0,
      kind === "comparison" ? 2 : 9,
    ],
  );
  await client.query(
    `INSERT INTO items (id, project_id, external_id, content_hash, messages, created_at, number)
     SELECT gen_random_uuid(), $1, 'bench-' || n, md5(n::text),
            jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'Benchmark prompt ' || n)),
            now() - make_interval(secs => ($2::int - n)), n
       FROM generate_series(1, $2) AS n`,
    [id, items],
  );
  if (kind === "comparison") {
    await client.query(
      `INSERT INTO completions (id, item_id, position, text, model)
       SELECT gen_random_uuid(), i.id, p, 'Completion ' || p || ' of ' || i.external_id, 'bench'
         FROM items i CROSS JOIN generate_series(0, 1) AS p WHERE i.project_id = $1`,
      [id],
    );
  }
  await client.query(
    `INSERT INTO slots (id, item_id, project_id, index)
     SELECT gen_random_uuid(), i.id, $1, s FROM items i CROSS JOIN generate_series(0, $2 - 1) AS s WHERE i.project_id = $1`,
    [id, overlap],
  );
  await client.query("ANALYZE");
  return { id, slug };
}

export interface BenchLabeler {
  id: string;
  token: string;
  /** What the app looks the token up by (api_tokens.token_hash). */
  tokenHash: string;
}

/** Labelers with API tokens, members of every given project. */
export async function createBenchLabelers(
  client: pg.Client,
  count: number,
  projects: BenchProject[],
): Promise<BenchLabeler[]> {
  const labelers: BenchLabeler[] = [];
  for (let n = 0; n < count; n += 1) {
    const id = randomUUID();
    const token = `rlhf_${randomBytes(24).toString("base64url")}`;
    const tokenHash = createHash("sha256").update(token).digest("hex");
    await client.query(
      `INSERT INTO users (id, email, name, role, password_hash, updated_at) VALUES ($1, $2, $2, 'labeler', 'not-a-hash', now())`,
      [id, `bench-${n}-${id.slice(0, 6)}@bench.example`],
    );
    await client.query(`INSERT INTO api_tokens (id, user_id, token_hash, prefix) VALUES ($1, $2, $3, $4)`, [
      randomUUID(),
      id,
      tokenHash,
      token.slice(0, 11),
    ]);
    for (const project of projects) {
      await client.query(`INSERT INTO memberships (project_id, user_id) VALUES ($1, $2)`, [project.id, id]);
    }
    labelers.push({ id, token, tokenHash });
  }
  return labelers;
}
