// The browser's side of the task API. Every call resolves (never throws) so that the
// workspace can keep the labeler's work whatever happens to the network.
import type { TaskView } from "@/lib/server/queue/task-view";
import type { DraftBody, SubmitBody } from "@/lib/validation/tasks";
import type { TrainingFeedback } from "@/lib/domain/quality/training-feedback";
import { parseRetryAfter, problemsFrom, type Failure } from "./failures";

export type ApiResult<T> =
  | { ok: true; data: T }
  | ({ ok: false; code: string; reason?: string; leaseState?: string; retryAt?: number } & Failure);

export async function call<T>(url: string, init: RequestInit): Promise<ApiResult<T>> {
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
    // "submitted" when the task was already submitted (another tab): the page says exactly that.
    leaseState: details && typeof details === "object" && "state" in details ? String(details.state) : undefined,
    // A failed qualification: when the next attempt may start (ms since the epoch).
    retryAt: retryAtOf(details),
    problems: problemsFrom(details),
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), Date.now()),
  };
}

function retryAtOf(details: unknown): number | undefined {
  if (!details || typeof details !== "object" || !("retryAfter" in details)) return undefined;
  const at = Date.parse(String(details.retryAfter));
  return Number.isNaN(at) ? undefined : at;
}

export const claimNext = (slug: string) =>
  call<{ task: TaskView } | null>(`/api/projects/${encodeURIComponent(slug)}/tasks/next`, { method: "POST" });

/** Asks for the next task in the same answer (`next`: absent when tasks/next must be asked). */
export const submitTask = (leaseId: string, key: string, body: SubmitBody) =>
  call<{ annotationId: string; next?: { task: TaskView } | null; feedback?: TrainingFeedback }>(
    `/api/tasks/${leaseId}/submit?next=1`,
    {
      method: "POST",
      headers: { "Idempotency-Key": key },
      body: JSON.stringify(body),
    },
  );

export const skipTaskRequest = (leaseId: string, reason: string) =>
  call<{ skipped: true }>(`/api/tasks/${leaseId}/skip`, { method: "POST", body: JSON.stringify({ reason }) });

export const heartbeat = (leaseId: string) =>
  call<{ expiresAt: string }>(`/api/tasks/${leaseId}/heartbeat`, { method: "POST" });

/** `keepalive` lets the save outlive the page (a reload or a closed tab); such bodies are capped at 64 kB. */
export const saveDraftRequest = (leaseId: string, body: DraftBody, keepalive = false) =>
  call<{ savedAt: string; expiresAt: string }>(`/api/tasks/${leaseId}/draft`, {
    method: "PUT",
    body: JSON.stringify(body),
    keepalive,
  });
