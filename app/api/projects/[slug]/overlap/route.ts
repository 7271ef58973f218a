import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { overlapReport } from "@/lib/server/quality/quality-report";
import { overlapSettings, updateOverlapSettings } from "@/lib/server/quality/overlap-settings";
import { slugFrom } from "@/lib/server/route-params";
import { overlapSettingsSchema } from "@/lib/validation/overlap-cost";

type Params = { params: Promise<{ slug: string }> };

/** Adaptive overlap (docs/QUALITY.md): the settings, labels spent and the forecast. */
export async function GET(request: Request, { params }: Params) {
  try {
    await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const [settings, report] = await Promise.all([overlapSettings(slug), overlapReport(slug)]);
    return NextResponse.json({ settings, report });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function PUT(request: Request, { params }: Params) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const input = await parseJsonBody(request, overlapSettingsSchema);
    return NextResponse.json(await updateOverlapSettings({ slug, input, actorId: admin.id }));
  } catch (error) {
    return errorResponse(error);
  }
}
