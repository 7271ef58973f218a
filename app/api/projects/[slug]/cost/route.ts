import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { projectCost } from "@/lib/server/quality/quality-report";
import { updateHourlyRate } from "@/lib/server/quality/overlap-settings";
import { slugFrom } from "@/lib/server/route-params";
import { hourlyRateSchema } from "@/lib/validation/overlap-cost";

type Params = { params: Promise<{ slug: string }> };

/** Active time and cost per labeler and for the project (docs/QUALITY.md "Time and cost"). */
export async function GET(request: Request, { params }: Params) {
  try {
    await requireApiAdmin(request);
    return NextResponse.json(await projectCost(await slugFrom(params)));
  } catch (error) {
    return errorResponse(error);
  }
}

/** Sets the hourly rate (`{"hourlyRate": number | null}`) and answers the new report. */
export async function PUT(request: Request, { params }: Params) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const input = await parseJsonBody(request, hourlyRateSchema);
    await updateHourlyRate({ slug, input, actorId: admin.id });
    return NextResponse.json(await projectCost(slug));
  } catch (error) {
    return errorResponse(error);
  }
}
