// The quality program's admin requests (docs/API.md): JSON in, the server's words out on refusal.

export type QualityAnswer<T> = { ok: true; data: T } | { ok: false; message: string };

export async function qualityRequest<T>(url: string, method: "PUT" | "POST", body: unknown): Promise<QualityAnswer<T>> {
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).catch(() => null);
  if (!response) return { ok: false, message: "The server did not answer: try again." };
  const json = (await response.json().catch(() => null)) as
    (T & { error?: { message?: string; details?: unknown } }) | null;
  if (response.ok && json) return { ok: true, data: json };
  const details = json?.error?.details;
  const first = Array.isArray(details)
    ? (details[0] as { path?: (string | number)[]; message?: string } | undefined)
    : undefined;
  const message = first?.message
    ? `${first.path?.length ? `${first.path.join(".")}: ` : ""}${first.message}`
    : (json?.error?.message ?? `The server answered ${response.status}.`);
  return { ok: false, message };
}
