// A fingerprint of every table of the app's database (row count and a hash of all rows), to
// show which tables a request changed: none, for a refused one.
import type pg from "pg";

export type Fingerprints = Record<string, string>;

/** Every table of the schema, so that a table added later is watched too. */
async function tableNames(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
     ORDER BY table_name`,
  );
  return rows.map((r) => r.name);
}

/** The column of each lease table that holds the lease's end. */
const LEASE_ENDS: Record<string, string> = { leases: "expires_at", slots: "lease_expires_at" };

export async function fingerprints(client: pg.Client): Promise<Fingerprints> {
  // The server's lease sweeper gives back expired leases every few seconds: do it now, so
  // that a sweep between two fingerprints cannot pass for the request's doing.
  await client.query("SELECT rlhf_release_expired_leases(NULL)");
  const sql = (await tableNames(client))
    .map((name) => {
      const table = client.escapeIdentifier(name);
      // A lease's end moves when its holder's open page extends it (leases.expires_at and
      // slots.lease_expires_at): time passing, not a change of who holds what. A fresh-clone
      // run once saw it during a refused action. Every other column counts.
      return `SELECT ${client.escapeLiteral(name)} AS name,
        count(*) || ':' || coalesce(md5(string_agg(r, E'\\n' ORDER BY r)), '') AS print
        FROM (SELECT ${LEASE_ENDS[name] ? `(to_jsonb(t) - '${LEASE_ENDS[name]}')::text` : "t::text"} AS r FROM ${table} t) rows`;
    })
    .join(" UNION ALL ");
  const { rows } = await client.query<{ name: string; print: string }>(sql);
  return Object.fromEntries(rows.map((r) => [r.name, r.print]));
}

/** The tables whose rows differ, sorted. */
export function changedTables(before: Fingerprints, after: Fingerprints): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]).sort();
}
