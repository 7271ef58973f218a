import type { Metadata } from "next";
import Link from "next/link";
import { PageNav } from "@/components/ui/page-nav";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { UserRowActions } from "@/components/admin/user-row-actions";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass, labelClass, secondaryButtonClass } from "@/components/ui/field-styles";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { searchUsers } from "@/lib/server/users/search-users";
import { BulkUsersForm } from "@/components/admin/bulk-users-form";
import { createUserAction, createUsersInBulkAction, resetPasswordAction, updateUserAction } from "./actions";

export const metadata: Metadata = { title: "People" };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requirePageAdmin();
  const raw = await searchParams;
  const query = first(raw.q).slice(0, 200);
  const requested = Number.parseInt(first(raw.page), 10);
  const { users, total, page, pages } = await searchUsers({
    query,
    page: Number.isFinite(requested) ? requested : 1,
  });
  const pageHref = (n: number) => {
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    if (n > 1) params.set("page", String(n));
    const search = params.toString();
    return search ? `/admin/users?${search}` : "/admin/users";
  };
  return (
    <>
      <PageHeader title="People" description="Create accounts for labelers and admins. There is no open sign-up." />
      <div className="space-y-6">
        <Card title="Add a person">
          <CreateUserForm action={createUserAction} />
        </Card>
        <Card title="Add many people">
          <BulkUsersForm action={createUsersInBulkAction} />
        </Card>
        <Card title={query ? `Accounts matching “${query}” (${total})` : `Accounts (${total})`}>
          <form
            role="search"
            aria-label="Find people"
            className="mb-4 flex flex-wrap items-end gap-3"
            action="/admin/users"
          >
            <label className="w-full max-w-xs">
              <span className={labelClass}>Name or email</span>
              <input
                type="search"
                name="q"
                defaultValue={query}
                maxLength={200}
                placeholder="e.g. ana@ or Ana"
                className={inputClass}
              />
            </label>
            <button type="submit" className={`${secondaryButtonClass} py-2`}>
              Find
            </button>
            {query ? (
              <Link href="/admin/users" className="py-2 text-sm text-indigo-700 hover:underline">
                Show everyone
              </Link>
            ) : null}
          </form>
          {users.length === 0 ? (
            <EmptyState title="Nobody matches" testId="no-people">
              No account has “{query}” in its name or email.
            </EmptyState>
          ) : (
            <Table
              testId="users-table"
              columns={[
                { label: "Name" },
                { label: "Email" },
                { label: "Role" },
                { label: "Status" },
                { label: "Actions", align: "right" },
              ]}
            >
              {users.map((user) => (
                <tr key={user.id} className={user.active ? "" : "bg-slate-50 text-slate-500"}>
                  <td className="px-5 py-3 font-medium">
                    <Link href={`/admin/users/${user.id}`} className="text-indigo-700 hover:underline">
                      {user.name}
                    </Link>
                  </td>
                  <td className="px-5 py-3">{user.email}</td>
                  <td className="px-5 py-3">
                    <Badge tone={user.role === "admin" ? "indigo" : "slate"}>{user.role}</Badge>
                  </td>
                  <td className="px-5 py-3">
                    {user.active ? <Badge tone="green">active</Badge> : <Badge tone="red">deactivated</Badge>}
                  </td>
                  <td className="px-5 py-3 text-right">
                    <UserRowActions
                      action={updateUserAction}
                      resetAction={resetPasswordAction}
                      userId={user.id}
                      email={user.email}
                      role={user.role}
                      active={user.active}
                      isSelf={user.id === admin.id}
                    />
                  </td>
                </tr>
              ))}
            </Table>
          )}
          <PageNav page={page} pages={pages} href={pageHref} previous="Previous" next="Next" className="mt-6" />
        </Card>
      </div>
    </>
  );
}
