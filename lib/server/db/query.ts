import "server-only";
import type pg from "pg";
import type { z } from "zod";

/**
 * Where a raw statement runs: the pool (one statement, its own transaction) or the client of a
 * transaction (inTransaction). Every `*-queries.ts` function takes one, so the same query
 * serves a use case inside a transaction and outside it.
 */
export type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

/**
 * Runs one statement and parses every row with `schema` (which also maps snake_case columns
 * to camelCase), so no caller ever sees an unchecked database row. A row that does not match
 * is a bug in the query or a migration the code does not know: it throws (a 500), never
 * passes through mistyped.
 */
export async function queryRows<S extends z.ZodType>(
  db: Queryable,
  schema: S,
  sql: string,
  params: unknown[] = [],
): Promise<z.output<S>[]> {
  const { rows } = await db.query(sql, params);
  return rows.map((row) => schema.parse(row));
}

/** The first row of `queryRows`, or null when there is none. */
export async function queryRow<S extends z.ZodType>(
  db: Queryable,
  schema: S,
  sql: string,
  params: unknown[] = [],
): Promise<z.output<S> | null> {
  const { rows } = await db.query(sql, params);
  return rows.length === 0 ? null : schema.parse(rows[0]);
}

/** Runs one statement that returns no rows of interest; returns how many rows it touched. */
export async function execute(db: Queryable, sql: string, params: unknown[] = []): Promise<number> {
  const { rowCount } = await db.query(sql, params);
  return rowCount ?? 0;
}

/** PostgreSQL's unique_violation, on `constraint` when given (pg's error carries its name). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === "23505" && (constraint === undefined || e.constraint === constraint);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value can be a uuid column's value: anything else names no row (and PostgreSQL would refuse it, a 500). */
export const isUuid = (value: string) => UUID.test(value);
