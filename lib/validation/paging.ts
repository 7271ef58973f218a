import { z } from "zod";

const MAX_BIGINT = 9_223_372_036_854_775_807n;

/**
 * A keyset paging cursor from a query string (an item's arrival number, an audit event's id):
 * a PostgreSQL bigint, so at most 2^63 - 1. A larger number would make the database refuse
 * the query (a 500); it is no cursor at all.
 */
export const bigintCursorSchema = z
  .string()
  .regex(/^\d{1,19}$/)
  .transform((value) => BigInt(value))
  .refine((value) => value <= MAX_BIGINT, "cursor out of range");
