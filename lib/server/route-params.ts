import "server-only";
import { notFound } from "next/navigation";
import { z } from "zod";
import { isProjectSlug } from "@/lib/validation/projects";
import { AppError } from "@/lib/server/errors";

// Values from the URL are checked before any database lookup: a NUL, a lone surrogate or a
// malformed uuid would otherwise reach PostgreSQL, which refuses it (a 500). Anything that
// cannot name a record simply names none.

const isUuid = (value: string) => z.uuid().safeParse(value).success;

/** A lease id from the URL; anything that is not a uuid is simply not found. */
export async function leaseIdFrom(params: Promise<{ leaseId: string }>): Promise<string> {
  const { leaseId } = await params;
  if (!isUuid(leaseId)) throw new AppError("not_found", "No such task");
  return leaseId;
}

/** A project slug from a route handler's URL. */
export async function slugFrom(params: Promise<{ slug: string }>): Promise<string> {
  const { slug } = await params;
  if (!isProjectSlug(slug)) throw new AppError("not_found", "No such project");
  return slug;
}

/** A record id from a route handler's URL. */
export async function idFrom(params: Promise<{ id: string }>, notFoundMessage: string): Promise<string> {
  const { id } = await params;
  if (!isUuid(id)) throw new AppError("not_found", notFoundMessage);
  return id;
}

/** For pages: the project slug of the URL, or the not-found page. */
export async function pageSlugFrom(params: Promise<{ slug: string }>): Promise<string> {
  const { slug } = await params;
  if (!isProjectSlug(slug)) notFound();
  return slug;
}

/** For pages: a uuid from the URL, or the not-found page. */
export function pageUuid(value: string): string {
  if (!isUuid(value)) notFound();
  return value;
}

/** A turn number (0-based) or reply position from the URL; anything else names nothing. */
export function indexFrom(value: string, max: number, notFoundMessage: string): number {
  if (!/^\d{1,3}$/.test(value) || Number(value) > max) throw new AppError("not_found", notFoundMessage);
  return Number(value);
}
