// What an audit event changed, field by field: the audit log stores a record before and after
// an action, and a reader wants the fields that moved, not two whole records side by side.

export type FieldChangeKind = "changed" | "added" | "removed";

export interface FieldChange {
  /** The field's name; "" when the recorded value is not a record (a list or a single value). */
  field: string;
  kind: FieldChangeKind;
  /** Undefined when the field is new (added). */
  before?: unknown;
  /** Undefined when the field is gone (removed). */
  after?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** JSON text with object keys sorted: two values are equal when these are. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Whether two recorded JSON values are the same (object key order does not matter). */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/**
 * The fields that differ between a recorded `before` and `after`, in the order the records
 * name them (before's fields first, then fields only `after` has). Null or missing on one
 * side: every field of the other is added (a creation) or removed (a deletion). A field whose
 * value is the same on both sides is left out, so an update lists only what it changed.
 */
export function auditDiff(before: unknown, after: unknown): FieldChange[] {
  const absent = (value: unknown) => value === null || value === undefined;
  if (absent(before) && absent(after)) return [];
  if (isRecord(before) || isRecord(after)) {
    if (!isRecord(before) && !absent(before)) return [{ field: "", kind: "changed", before, after }];
    if (!isRecord(after) && !absent(after)) return [{ field: "", kind: "changed", before, after }];
    const from = isRecord(before) ? before : {};
    const to = isRecord(after) ? after : {};
    const fields = [...Object.keys(from), ...Object.keys(to).filter((key) => !(key in from))];
    return fields.flatMap((field): FieldChange[] => {
      if (!(field in to)) return [{ field, kind: "removed", before: from[field] }];
      if (!(field in from)) return [{ field, kind: "added", after: to[field] }];
      return sameValue(from[field], to[field])
        ? []
        : [{ field, kind: "changed", before: from[field], after: to[field] }];
    });
  }
  if (absent(before)) return [{ field: "", kind: "added", after }];
  if (absent(after)) return [{ field: "", kind: "removed", before }];
  return sameValue(before, after) ? [] : [{ field: "", kind: "changed", before, after }];
}

/** A recorded value as short text: strings as they are, anything else as JSON, cut at `max`. */
export function auditValueText(value: unknown, max = 120): string {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Fields that say which record an event is about (a person, a project, a token). */
const IDENTIFYING = ["email", "slug", "prefix", "name"] as const;

/**
 * The identifying fields an event did not change ("prefix: rlhf_ab12…" for a revoked token),
 * shown beside the changes: a diff alone would not say which token or person it was.
 */
export function auditContext(before: unknown, after: unknown): { field: string; value: unknown }[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  return IDENTIFYING.filter((field) => field in before && field in after && sameValue(before[field], after[field])).map(
    (field) => ({ field, value: after[field] }),
  );
}
