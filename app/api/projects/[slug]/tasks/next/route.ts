import { NextResponse } from "next/server";
import { apiCaller } from "@/lib/server/auth/session";
import { parsedFor } from "@/lib/server/auth/api-caller";
import { errorResponse } from "@/lib/server/http";
import { slugFrom } from "@/lib/server/route-params";
import { claimNextTaskFor } from "@/lib/server/queue/claim-next-task";

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    // A bearer token is checked by the claim's own statement (one round trip): api-caller.ts.
    const caller = await apiCaller(request);
    const slug = await parsedFor(caller, () => slugFrom(params));
    const task = await claimNextTaskFor(caller, slug);
    if (!task) return new NextResponse(null, { status: 204 });
    return NextResponse.json({ task });
  } catch (error) {
    return errorResponse(error);
  }
}
