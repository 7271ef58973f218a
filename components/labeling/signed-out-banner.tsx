/**
 * The session expired (a 401). Said as it is, with a sign-in link that comes back to this
 * task (the login page follows only paths on this site: safeRedirectPath). The work stays
 * on the page and in this browser's draft, so signing in again continues it.
 */
export function SignedOutBanner({ returnTo }: { returnTo: string }) {
  return (
    <div
      role="alert"
      data-testid="signed-out"
      className="mb-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-200"
    >
      <p className="font-semibold">You were signed out.</p>
      <p className="mt-1">Your work on this task is kept in this browser. Sign in again to continue where you were.</p>
      <a
        href={`/login?callbackUrl=${encodeURIComponent(returnTo)}`}
        className="mt-2 inline-block rounded-md bg-amber-800 px-3 py-1.5 text-sm font-semibold text-white"
      >
        Sign in again
      </a>
    </div>
  );
}
