import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { projectLeaderboard } from "@/lib/server/leaderboard/project-leaderboard";
import { slugFrom } from "@/lib/server/route-params";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    await requireApiAdmin(request);
    const slug = await slugFrom(params);
    return NextResponse.json(await projectLeaderboard(slug));
  } catch (error) {
    return errorResponse(error);
  }
}
