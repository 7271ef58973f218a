import { requireApiUser } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { idFrom, indexFrom } from "@/lib/server/route-params";
import { streamTurn } from "@/lib/server/conversations/stream-replies";

/** Server-sent events: the turn's replies as they are generated (lib/server/conversations/stream-replies.ts). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string; index: string }> }) {
  try {
    const user = await requireApiUser(request);
    const id = await idFrom(params, "No such conversation");
    const index = indexFrom((await params).index, 49, "No such turn");
    const { body } = await streamTurn(user.id, id, index, request.signal);
    return new Response(body, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-store, no-transform",
        // nginx (deploy/nginx.conf) and other proxies: pass each event on as it comes.
        "x-accel-buffering": "no",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
