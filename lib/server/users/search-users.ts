import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db/client";
import type { PublicUser } from "@/lib/server/users/user-queries";

/** Accounts on one page of the People list. */
export const PEOPLE_PAGE_SIZE = 50;

/**
 * One page of the People list: admins first, then by email; `query` matches a part of the
 * email or the name (case-insensitive). A deployment with thousands of labelers renders 50 rows
 * and their row actions, not every account.
 */
export async function searchUsers(options: { query: string; page: number }): Promise<{
  users: PublicUser[];
  total: number;
  page: number;
  pages: number;
}> {
  const query = options.query.trim();
  // Prisma hands `contains` to ILIKE as it is: "%" and "_" would be wildcards.
  const pattern = query.replace(/[\\%_]/g, (c) => `\\${c}`);
  const where: Prisma.UserWhereInput = query
    ? {
        OR: [
          { email: { contains: pattern, mode: "insensitive" } },
          { name: { contains: pattern, mode: "insensitive" } },
        ],
      }
    : {};
  const total = await db.user.count({ where });
  const pages = Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page), pages);
  const users = await db.user.findMany({
    where,
    select: { id: true, email: true, name: true, role: true, active: true, createdAt: true },
    orderBy: [{ role: "asc" }, { email: "asc" }],
    skip: (page - 1) * PEOPLE_PAGE_SIZE,
    take: PEOPLE_PAGE_SIZE,
  });
  return { users, total, page, pages };
}
