import { NextResponse } from "next/server";
import { editAnswer } from "@/lib/server/answers/edit-answer";
import { ownAnswerForEdit } from "@/lib/server/answers/own-answers";
import { requireApiUser } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { errorResponse, parseJsonBody, zodIssues } from "@/lib/server/http";
import { idFrom } from "@/lib/server/route-params";
import { idempotencyKeySchema, submitBodySchema } from "@/lib/validation/tasks";

/** One of the caller's own answers: the task as they were shown it, the answer, its history. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireApiUser(request);
    const id = await idFrom(params, "No such answer");
    const a = await ownAnswerForEdit(user, id);
    return NextResponse.json({
      id: a.id,
      revision: a.revision,
      createdAt: a.createdAt,
      editedAt: a.editedAt,
      ...a.edit,
      project: { slug: a.project.slug, name: a.project.name, kind: a.project.kind },
      item: { id: a.itemId, messages: a.messages, completions: a.completions },
      answer: a.answer,
      history: a.history,
    });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Replaces the caller's own answer (same body as a submit) while it can still be changed. */
export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireApiUser(request);
    const id = await idFrom(params, "No such answer");
    const key = idempotencyKeySchema.safeParse(request.headers.get("idempotency-key") ?? "");
    if (!key.success)
      throw new AppError("bad_request", "Send an Idempotency-Key header (8 to 200 characters)", zodIssues(key.error));
    const body = await parseJsonBody(request, submitBodySchema);
    const result = await editAnswer(user, id, key.data, body);
    return NextResponse.json({ annotationId: result.annotationId, revision: result.revision });
  } catch (error) {
    return errorResponse(error);
  }
}
