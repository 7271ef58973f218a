import "server-only";
import { db } from "@/lib/server/db/client";
import type { PublicUser } from "@/lib/server/users/user-queries";

export async function listUsers(): Promise<PublicUser[]> {
  return db.user.findMany({
    select: { id: true, email: true, name: true, role: true, active: true, createdAt: true },
    orderBy: [{ role: "asc" }, { email: "asc" }],
  });
}
