import { NextResponse } from "next/server";
import { createModelEndpointSchema } from "@/lib/validation/models";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { createModelEndpoint } from "@/lib/server/models/create-model-endpoint";
import { listModelEndpoints } from "@/lib/server/models/model-endpoint-record";

export async function GET(request: Request) {
  try {
    await requireApiAdmin(request);
    return NextResponse.json({ models: await listModelEndpoints() });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(request: Request) {
  try {
    const admin = await requireApiAdmin(request);
    const input = await parseJsonBody(request, createModelEndpointSchema);
    return NextResponse.json({ model: await createModelEndpoint(input, admin.id) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
