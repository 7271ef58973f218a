import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/server/errors";

export type ActionState = { ok: boolean; message: string; fieldErrors?: Record<string, string> } | null;

/**
 * Runs a server action body: expected errors (AppError, invalid input) become a message
 * for the user; anything else is logged with context and answered generically.
 */
export async function runAction(name: string, body: () => Promise<string>): Promise<ActionState> {
  try {
    return { ok: true, message: await body() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message };
    if (error instanceof z.ZodError) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of error.issues) fieldErrors[issue.path.join(".")] ??= issue.message;
      return { ok: false, message: "Please fix the highlighted fields.", fieldErrors };
    }
    // redirect() and notFound() work by throwing; let them through.
    if (error && typeof error === "object" && "digest" in error) throw error;
    console.error(`server action ${name} failed`, error);
    return { ok: false, message: "Something went wrong. Please try again." };
  }
}
