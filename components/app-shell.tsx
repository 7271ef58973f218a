import Link from "next/link";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { NavLink } from "@/components/nav-link";
import { SignOutButton } from "@/components/sign-out-button";
import { ThemeToggle } from "@/components/theme-toggle";
import { Badge } from "@/components/ui/badge";

export function AppShell({ user, children }: { user: SessionUser; children: React.ReactNode }) {
  const isAdmin = user.role === "admin";
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-5 gap-y-2 px-4 py-3">
          <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
            <span
              aria-hidden
              className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-xs font-bold text-white"
            >
              RS
            </span>
            RLHF Studio
          </Link>
          <nav
            aria-label="Main"
            className="order-last flex w-full flex-wrap items-center gap-1 sm:order-none sm:w-auto sm:flex-1"
          >
            {isAdmin ? (
              <>
                <NavLink href="/admin" exact>
                  Overview
                </NavLink>
                <NavLink href="/admin/projects">Projects</NavLink>
                <NavLink href="/admin/users">People</NavLink>
                <NavLink href="/admin/models">Models</NavLink>
                <NavLink href="/admin/audit">Audit log</NavLink>
              </>
            ) : (
              <NavLink href="/" exact>
                My projects
              </NavLink>
            )}
          </nav>
          <div className="ml-auto flex items-center gap-3 sm:ml-0">
            {/* A long address is cut with an ellipsis (the whole one on hover), so that the main
                navigation stays on one line at desktop widths. */}
            <span
              className="hidden max-w-[10rem] truncate align-middle text-sm text-slate-600 sm:inline-block"
              data-testid="current-user"
              title={user.email}
            >
              {user.email}
            </span>
            <ThemeToggle />
            <Badge tone={isAdmin ? "indigo" : "slate"}>{user.role}</Badge>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
