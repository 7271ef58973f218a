import { NextResponse } from "next/server";
import { updateModelEndpointSchema } from "@/lib/validation/models";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { modelEndpoint } from "@/lib/server/models/model-endpoint-record";
import { removeModelEndpoint } from "@/lib/server/models/remove-model-endpoint";
import { updateModelEndpoint } from "@/lib/server/models/update-model-endpoint";
import { idFrom } from "@/lib/server/route-params";

type Params = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Params) {
  try {
    await requireApiAdmin(request);
    const id = await idFrom(params, "No such model endpoint");
    return NextResponse.json({ model: await modelEndpoint({ id }) });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function PATCH(request: Request, { params }: Params) {
  try {
    const admin = await requireApiAdmin(request);
    const id = await idFrom(params, "No such model endpoint");
    const change = await parseJsonBody(request, updateModelEndpointSchema);
    return NextResponse.json({ model: await updateModelEndpoint({ id, change, actorId: admin.id }) });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function DELETE(request: Request, { params }: Params) {
  try {
    const admin = await requireApiAdmin(request);
    const id = await idFrom(params, "No such model endpoint");
    return NextResponse.json(await removeModelEndpoint({ endpoint: { id }, actorId: admin.id }));
  } catch (error) {
    return errorResponse(error);
  }
}
