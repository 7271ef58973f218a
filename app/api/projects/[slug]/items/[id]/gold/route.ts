import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { idFrom, slugFrom } from "@/lib/server/route-params";
import { setGoldItem } from "@/lib/server/items/set-gold-item";
import { goldItemInputSchema } from "@/lib/validation/quality";

// A gold item's expected answer, role and explanation (docs/QUALITY.md); all empty unmarks it.
export async function PUT(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const itemId = await idFrom(params, "No such item");
    const input = await parseJsonBody(request, goldItemInputSchema);
    return NextResponse.json({ gold: await setGoldItem(slug, itemId, input, admin.id) });
  } catch (error) {
    return errorResponse(error);
  }
}
