import { NextResponse } from "next/server";
import { projectAgreement } from "@/lib/server/agreement/project-agreement";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { slugFrom } from "@/lib/server/route-params";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    await requireApiAdmin(request);
    const slug = await slugFrom(params);
    return NextResponse.json(await projectAgreement(slug));
  } catch (error) {
    return errorResponse(error);
  }
}
