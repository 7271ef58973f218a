// The browser's side of the task API. Every call resolves (never throws) so that the
// workspace can keep the labeler's work whatever happens to the network.
import type { TaskView } from "@/lib/server/queue/task-view";
import type { SubmitBody } from "@/lib/validation/tasks";
import { parseRetryAfter, problemsFrom, type Failure } from "./failures";

export type ApiResult<T> = { ok: true; data: T } | ({ ok: false; code: string; reason?: string } & Failure);

async function call<T>(url: string, init: RequestInit): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { "content-type": "application/json", ...init.headers },
      credentials: "same-origin",
    });
  } catch {
    return { ok: false, status: 0, code: "network", message: "Cannot reach the server" };
  }
  if (response.status === 204) return { ok: true, data: null as T };
  const body = (await response.json().catch(() => null)) as
    (T & { error?: { code: string; message: string; details?: unknown } }) | null;
  if (response.ok && body) return { ok: true, data: body };
  const error = body?.error;
  const details = error?.details;
  return {
    ok: false,
    status: response.status,
    code: error?.code ?? "http",
    message:
      typeof error?.message === "string" && error.message ? error.message : `The server answered ${response.status}`,
    reason: details && typeof details === "object" && "reason" in details ? String(details.reason) : undefined,
    problems: problemsFrom(details),
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), Date.now()),
  };
}

export const claimNext = (slug: string) =>
  call<{ task: TaskView } | null>(`/api/projects/${encodeURIComponent(slug)}/tasks/next`, { method: "POST" });

/** Asks for the next task in the same answer (`next`: absent when tasks/next must be asked). */
export const submitTask = (leaseId: string, key: string, body: SubmitBody) =>
  call<{ annotationId: string; next?: { task: TaskView } | null }>(`/api/tasks/${leaseId}/submit?next=1`, {
    method: "POST",
    headers: { "Idempotency-Key": key },
    body: JSON.stringify(body),
  });

export const skipTaskRequest = (leaseId: string, reason: string) =>
  call<{ skipped: true }>(`/api/tasks/${leaseId}/skip`, { method: "POST", body: JSON.stringify({ reason }) });

export const heartbeat = (leaseId: string) =>
  call<{ expiresAt: string }>(`/api/tasks/${leaseId}/heartbeat`, { method: "POST" });

export const saveDraftRequest = (leaseId: string, text: string) =>
  call<{ savedAt: string; expiresAt: string }>(`/api/tasks/${leaseId}/draft`, {
    method: "PUT",
    body: JSON.stringify({ text }),
  });
