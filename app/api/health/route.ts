import { NextResponse } from "next/server";
import { databaseIsReachable } from "@/lib/server/health";

export const dynamic = "force-dynamic";

export async function GET() {
  if (await databaseIsReachable()) {
    return NextResponse.json({ status: "ok", database: "ok" });
  }
  return NextResponse.json(
    { status: "unavailable", database: "unreachable" },
    { status: 503, headers: { "Retry-After": "5" } },
  );
}
