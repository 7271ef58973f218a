import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { slugFrom } from "@/lib/server/route-params";
import { programSettings, updateProgramSettings } from "@/lib/server/quality/program-settings";
import { programSettingsInputSchema } from "@/lib/validation/program-settings";

// The labeler quality program's settings, every group in one object (docs/QUALITY.md, docs/API.md).

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    await requireApiAdmin(request);
    return NextResponse.json({ quality: await programSettings(await slugFrom(params)) });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function PUT(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const input = await parseJsonBody(request, programSettingsInputSchema);
    return NextResponse.json({ quality: await updateProgramSettings(slug, input, admin.id) });
  } catch (error) {
    return errorResponse(error);
  }
}
