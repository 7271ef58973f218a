import "server-only";
import { db } from "@/lib/server/db/client";
import { publicUserSelect, type PublicUser } from "@/lib/server/users/create-user";

export async function listUsers(): Promise<PublicUser[]> {
  return db.user.findMany({ select: publicUserSelect, orderBy: [{ role: "asc" }, { email: "asc" }] });
}
