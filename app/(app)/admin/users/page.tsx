import type { Metadata } from "next";
import Link from "next/link";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { UserRowActions } from "@/components/admin/user-row-actions";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { listUsers } from "@/lib/server/users/list-users";
import { BulkUsersForm } from "@/components/admin/bulk-users-form";
import { createUserAction, createUsersInBulkAction, resetPasswordAction, updateUserAction } from "./actions";

export const metadata: Metadata = { title: "People" };

export default async function UsersPage() {
  const admin = await requirePageAdmin();
  const users = await listUsers();
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
        <Card title={`Accounts (${users.length})`}>
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
        </Card>
      </div>
    </>
  );
}
