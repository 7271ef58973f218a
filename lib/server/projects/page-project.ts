import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/server/errors";
import { requireProject, type ProjectRef } from "@/lib/server/projects/require-project";

// Apart from requireProject so that the CLI, which calls requireProject, never loads Next.

/** For pages: the project named by a slug, or the not-found page. */
export async function requirePageProject(slug: string): Promise<ProjectRef> {
  try {
    return await requireProject(slug);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
