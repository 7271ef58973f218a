import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { leaseIdFrom } from "@/lib/server/route-params";
import { extendLease } from "@/lib/server/queue/extend-lease";

export async function POST(request: Request, { params }: { params: Promise<{ leaseId: string }> }) {
  try {
    const user = await requireApiUser(request);
    const leaseId = await leaseIdFrom(params);
    return NextResponse.json(await extendLease(user, leaseId));
  } catch (error) {
    return errorResponse(error);
  }
}
