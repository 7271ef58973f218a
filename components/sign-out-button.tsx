"use client";

import { useState } from "react";

/**
 * Signs out through next-auth's own endpoints, as next-auth/react's signOut does (a CSRF token,
 * then a POST to /api/auth/signout), without shipping that client library to every page: it
 * is most of the shared layout's JavaScript (issue 13, the labeling page's budget).
 */
async function signOut(callbackUrl: string) {
  const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl, json: "true" }),
  });
  const { url } = (await response.json()) as { url?: string };
  window.location.href = url ?? callbackUrl;
}

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        setPending(true);
        // Should a request fail, next-auth's own sign-out page asks once more and does it.
        signOut("/login").catch(() => (window.location.href = "/api/auth/signout"));
      }}
      className="rounded-md px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
    >
      Sign out
    </button>
  );
}
