import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { errorResponse, zodIssues } from "@/lib/server/http";
import { slugFrom } from "@/lib/server/route-params";
import { importItems } from "@/lib/server/import/import-items";
import { jsonlEntries } from "@/lib/server/import/sources";
import { importQuerySchema } from "@/lib/validation/imports";

/**
 * The JSONL file is the request body, streamed: a million lines never sit in memory.
 * 200 with the summary when imported; 422 with the same summary when refused as a whole.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const url = new URL(request.url);
    const query = importQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) throw new AppError("bad_request", "Invalid query", zodIssues(query.error));
    if (!request.body) throw new AppError("bad_request", "Send the JSONL file as the request body");
    const stream = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
    const source = jsonlEntries(stream, query.data.format);
    const summary = await importItems(
      admin.id,
      slug,
      source.entries,
      { skipInvalid: query.data.skipInvalid },
      source.detected,
    );
    return NextResponse.json(summary, { status: summary.committed ? 200 : 422 });
  } catch (error) {
    return errorResponse(error);
  }
}
