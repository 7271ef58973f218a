import { z } from "zod";
import { bigintCursorSchema } from "@/lib/validation/paging";

// The admin items list's filter as it travels in query strings: the list reads it, and the
// item page carries it on so that its previous/next links walk the same list.

const flag = z.enum(["yes", "no"]).transform((v) => v === "yes");

export const ITEM_FILTER_KEYS = ["status", "flagged", "gold", "agreement"] as const;

export const itemListQuerySchema = z.object({
  status: z.enum(["open", "done", "archived"]).optional().catch(undefined),
  flagged: flag.optional().catch(undefined),
  gold: flag.optional().catch(undefined),
  after: bigintCursorSchema.optional().catch(undefined),
  before: bigintCursorSchema.optional().catch(undefined),
  agreement: z.enum(["below50", "below75", "unknown"]).optional().catch(undefined),
});
export type ItemListQuery = z.output<typeof itemListQuerySchema>;

type RawParams = Record<string, string | string[] | undefined>;

const pick = (raw: RawParams, key: string) => (typeof raw[key] === "string" && raw[key] ? raw[key] : undefined);

/** The list's query from a page's search params; anything malformed is left out. */
export function parseItemListQuery(raw: RawParams): ItemListQuery {
  return itemListQuerySchema.parse({
    status: pick(raw, "status"),
    flagged: pick(raw, "flagged"),
    gold: pick(raw, "gold"),
    after: pick(raw, "after"),
    before: pick(raw, "before"),
    agreement: pick(raw, "agreement"),
  });
}

/** The filter of a parsed query as the items module takes it. */
export function itemFilterOf(query: ItemListQuery) {
  return {
    status: query.status,
    flagged: query.flagged,
    gold: query.gold,
    after: query.after,
    before: query.before,
    agreementBelow: query.agreement === "below50" ? 0.5 : query.agreement === "below75" ? 0.75 : undefined,
    agreementUnknown: query.agreement === "unknown",
  };
}

/** The filter part of a query, as query-string entries (valid values only), to carry on in links. */
export function itemFilterParams(query: ItemListQuery): Record<string, string> {
  const yesNo = (v: boolean | undefined) => (v === undefined ? undefined : v ? "yes" : "no");
  const entries: [string, string | undefined][] = [
    ["status", query.status],
    ["flagged", yesNo(query.flagged)],
    ["gold", yesNo(query.gold)],
    ["agreement", query.agreement],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== undefined));
}

/** "?a=b" for non-empty params, "" otherwise. */
export function queryString(params: Record<string, string>): string {
  const text = new URLSearchParams(params).toString();
  return text ? `?${text}` : "";
}
