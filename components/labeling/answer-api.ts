// The browser's side of the answer API (docs/API.md, "Your answers"): one answer to edit,
// saving an edit, and the labeling page's progress line. Resolves, never throws (api.ts).
import type { ProjectKind } from "@/lib/domain/project-kinds";
import type { CheckedAnswer } from "@/lib/domain/answers";
import type { ChatMessage } from "@/lib/domain/content-hash";
import { call } from "./api";
import type { SubmitBody } from "./types";

export interface AnswerForEdit {
  id: string;
  revision: number;
  createdAt: string;
  editedAt: string | null;
  editable: boolean;
  editableUntil: string | null;
  lock: string | null;
  project: { slug: string; name: string; kind: ProjectKind };
  item: { id: string; messages: ChatMessage[]; completions: { id: string; text: string }[] };
  /** The answer as stored: the shape the server's check produces. */
  answer: CheckedAnswer;
  history: { revision: number; madeAt: string; replacedAt: string }[];
}

export const getAnswer = (id: string) => call<AnswerForEdit>(`/api/annotations/${encodeURIComponent(id)}`, {});

export const saveAnswerEdit = (id: string, key: string, body: SubmitBody) =>
  call<{ annotationId: string; revision: number }>(`/api/annotations/${encodeURIComponent(id)}`, {
    method: "PUT",
    headers: { "Idempotency-Key": key },
    body: JSON.stringify(body),
  });

export const getProgress = (slug: string, since: string) =>
  call<{ remaining: number; gate: string | null; doneSince: number }>(
    `/api/projects/${encodeURIComponent(slug)}/progress?since=${encodeURIComponent(since)}`,
    { cache: "no-store" },
  );

/** The stored answer as the task components take it (edit mode): the submit body's fields. */
export function answerBody(answer: AnswerForEdit["answer"]): SubmitBody {
  const strength = answer.strength === 1 || answer.strength === 2 || answer.strength === 3 ? answer.strength : null;
  return {
    ...(answer.text !== null ? { text: answer.text } : {}),
    ...(answer.ranking ? { ranking: answer.ranking } : {}),
    ...(strength ? { strength } : {}),
    ...(answer.tie ? { tie: answer.tie } : {}),
    ...(answer.ratings ? { ratings: answer.ratings } : {}),
    ...(answer.flags ? { flags: answer.flags } : {}),
    ...(answer.comment ? { comment: answer.comment } : {}),
    ...(answer.rewrite ? { rewrite: answer.rewrite } : {}),
  };
}
