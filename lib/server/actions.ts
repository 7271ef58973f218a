import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/server/errors";

export type ActionState = {
  ok: boolean;
  message: string;
  fieldErrors?: Record<string, string>;
  /** What the user typed, handed back on failure so the form can keep it (React resets forms after an action). */
  values?: Record<string, string>;
} | null;

/** Secrets typed into a form are never sent back to the page (passwords, model endpoints' API keys). */
const NEVER_ECHOED = /password|^apiKey$/i;

function echo(form: FormData | undefined): Record<string, string> | undefined {
  if (!form) return undefined;
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !NEVER_ECHOED.test(key) && !key.startsWith("$")) values[key] = value;
  }
  return values;
}

/**
 * Runs a server action body: expected errors (AppError, invalid input) become a message
 * for the user; anything else is logged with context and answered generically.
 */
export async function runAction(name: string, body: () => Promise<string>, form?: FormData): Promise<ActionState> {
  try {
    return { ok: true, message: await body() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message, values: echo(form) };
    if (error instanceof z.ZodError) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of error.issues) fieldErrors[issue.path.join(".")] ??= issue.message;
      return { ok: false, message: "Please fix the highlighted fields.", fieldErrors, values: echo(form) };
    }
    // redirect() and notFound() work by throwing; let them through.
    if (error && typeof error === "object" && "digest" in error) throw error;
    console.error(`server action ${name} failed`, error);
    return { ok: false, message: "Something went wrong. Please try again.", values: echo(form) };
  }
}
