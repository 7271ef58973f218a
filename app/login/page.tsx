import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/login-form";
import { safeRedirectPath } from "@/lib/domain/safe-redirect";
import { currentUser } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  // Only a path on our own origin is followed after sign-in (no open redirect).
  const callbackUrl = safeRedirectPath(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <span
            aria-hidden
            className="mx-auto grid h-10 w-10 place-items-center rounded-lg bg-indigo-600 text-sm font-bold text-white"
          >
            RS
          </span>
          <h1 className="mt-4 text-2xl font-semibold tracking-tight">Sign in to RLHF Studio</h1>
          <p className="mt-1 text-sm text-slate-500">Accounts are created by your project admin.</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <LoginForm callbackUrl={callbackUrl} />
        </div>
      </div>
    </main>
  );
}
