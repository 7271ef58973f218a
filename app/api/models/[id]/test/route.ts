import { NextResponse } from "next/server";
import { testModelEndpointSchema } from "@/lib/validation/models";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { testModelEndpoint } from "@/lib/server/models/test-model-endpoint";
import { idFrom } from "@/lib/server/route-params";

/** One tiny chat completion: 200 with {"test": {"ok": true, ...}} or {"test": {"ok": false, "error"}}. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requireApiAdmin(request);
    const id = await idFrom(params, "No such model endpoint");
    const input = await parseJsonBody(request, testModelEndpointSchema);
    return NextResponse.json({ test: await testModelEndpoint({ endpoint: { id }, input }) });
  } catch (error) {
    return errorResponse(error);
  }
}
