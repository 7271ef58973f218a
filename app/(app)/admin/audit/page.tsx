import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { AuditChanges } from "@/components/admin/audit-changes";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass, secondaryButtonClass } from "@/components/ui/field-styles";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { auditActions, listAuditEvents } from "@/lib/server/audit-log";
import { bigintCursorSchema } from "@/lib/validation/paging";
import { storableText } from "@/lib/validation/text";

export const metadata: Metadata = { title: "Audit log" };

const querySchema = z.object({
  // A filter that cannot match anything (too long, or text PostgreSQL cannot take) is no filter.
  action: storableText().max(100).optional().catch(undefined),
  actor: storableText().max(254).optional().catch(undefined),
  before: bigintCursorSchema.optional().catch(undefined),
});

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageAdmin();
  const raw = await searchParams;
  const query = querySchema.parse({
    action: typeof raw.action === "string" && raw.action ? raw.action : undefined,
    actor: typeof raw.actor === "string" && raw.actor ? raw.actor : undefined,
    before: typeof raw.before === "string" ? raw.before : undefined,
  });
  const [{ events, nextBefore }, actions] = await Promise.all([listAuditEvents(query), auditActions()]);
  const next = new URLSearchParams({
    ...(query.action ? { action: query.action } : {}),
    ...(query.actor ? { actor: query.actor } : {}),
    ...(nextBefore ? { before: nextBefore } : {}),
  });
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every admin action: who, what, when, on which project, and the fields it changed."
      />
      <Card>
        <form className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
          <label className="text-sm">
            <span className="mb-1 block text-slate-600">Action</span>
            <select name="action" defaultValue={query.action ?? ""} className={inputClass}>
              <option value="">All actions</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-slate-600">Who (email contains)</span>
            <input name="actor" defaultValue={query.actor ?? ""} className={inputClass} />
          </label>
          <button type="submit" className={secondaryButtonClass}>
            Filter
          </button>
          {query.action || query.actor ? (
            <Link href="/admin/audit" className="text-sm text-indigo-700 underline">
              Clear
            </Link>
          ) : null}
        </form>
        {events.length === 0 ? (
          <EmptyState title="No matching events" />
        ) : (
          <Table
            testId="audit-table"
            columns={[
              { label: "When (UTC)" },
              { label: "Who" },
              { label: "Action" },
              { label: "Project" },
              { label: "What changed" },
            ]}
          >
            {events.map((e) => (
              <tr key={e.id} className="align-top">
                <td className="whitespace-nowrap px-5 py-2 tabular-nums text-slate-600">
                  {e.createdAt.toISOString().replace("T", " ").slice(0, 19)}
                </td>
                <td className="px-5 py-2">{e.actor}</td>
                <td className="px-5 py-2 font-mono text-xs text-indigo-700">{e.action}</td>
                <td className="min-w-40 px-5 py-2" data-testid="audit-project">
                  {e.project ? (
                    <Link href={`/admin/projects/${e.project.slug}`} className="text-indigo-700 hover:underline">
                      {e.project.name}
                    </Link>
                  ) : (
                    <span className="text-slate-500">–</span>
                  )}
                </td>
                <td className="max-w-md break-words px-5 py-2 text-xs text-slate-700">
                  <AuditChanges before={e.before} after={e.after} />
                </td>
              </tr>
            ))}
          </Table>
        )}
        {nextBefore ? (
          <div className="mt-4 text-right">
            <Link href={`/admin/audit?${next}`} className={secondaryButtonClass}>
              Older events →
            </Link>
          </div>
        ) : null}
      </Card>
    </>
  );
}
