import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { slugFrom } from "@/lib/server/route-params";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const user = await requireApiUser(request);
    const slug = await slugFrom(params);
    const task = await claimNextTask(user, slug);
    if (!task) return new NextResponse(null, { status: 204 });
    return NextResponse.json({ task });
  } catch (error) {
    return errorResponse(error);
  }
}
