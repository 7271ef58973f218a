"use client";

import { getSession, signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { inputClass, labelClass, primaryButtonClass } from "@/components/ui/field-styles";
import { homeAfterSignIn } from "@/lib/domain/safe-redirect";

const RATE_LIMITED_PREFIX = "RATE_LIMITED:";

function messageFor(error: string): string {
  if (error.startsWith(RATE_LIMITED_PREFIX)) {
    const seconds = Number(error.slice(RATE_LIMITED_PREFIX.length)) || 60;
    const minutes = Math.ceil(seconds / 60);
    return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  if (error === "CredentialsSignin") return "Wrong email or password.";
  return "Sign-in failed. Please try again.";
}

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error) {
        setError(messageFor(result?.error ?? ""));
        setPending(false);
        return;
      }
      // Checked again here: whatever hands this form its callback, the browser stays with us.
      // The role picks the home page, so an admin goes straight to /admin (the form keeps
      // showing "Signing in…" until it is there).
      const session = await getSession();
      router.replace(homeAfterSignIn(callbackUrl, session?.account?.role));
      router.refresh();
    } catch {
      setError("Cannot reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate={false}>
      <div>
        <label htmlFor="email" className={labelClass}>
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus className={inputClass} />
      </div>
      <div>
        <label htmlFor="password" className={labelClass}>
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={inputClass}
        />
      </div>
      {error ? (
        <p
          data-testid="login-error"
          className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200"
        >
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className={`${primaryButtonClass} w-full`}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
