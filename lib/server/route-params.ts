import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/server/errors";

/** A lease id from the URL; anything that is not a uuid is simply not found. */
export async function leaseIdFrom(params: Promise<{ leaseId: string }>): Promise<string> {
  const { leaseId } = await params;
  if (!z.uuid().safeParse(leaseId).success) throw new AppError("not_found", "No such task");
  return leaseId;
}
