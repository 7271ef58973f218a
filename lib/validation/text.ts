import { z } from "zod";

/**
 * Why a text cannot be stored as given, or null. PostgreSQL refuses NUL characters in text
 * and jsonb (a "\u0000" escape in a JSON body arrives as one), and a lone UTF-16 surrogate
 * (a "\ud800" escape) is not Unicode: the driver would silently store U+FFFD for it, and
 * jsonb refuses its escape. Refusing both at the boundary turns a database error (a 500)
 * into a 400 that names the field. The import's line checks use the same wording.
 */
export function unstorableTextReason(value: string): string | null {
  if (value.includes("\u0000")) return "contains a NUL character";
  if (!value.isWellFormed()) return "contains a lone surrogate (not valid Unicode)";
  return null;
}

/** A string PostgreSQL can store: every free-text field's schema starts from this. */
export function storableText() {
  return z.string().superRefine((value, ctx) => {
    const reason = unstorableTextReason(value);
    if (reason) ctx.addIssue({ code: "custom", message: reason });
  });
}
