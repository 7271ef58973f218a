import { auditContext, auditDiff, auditValueText } from "@/lib/domain/audit-diff";

/**
 * What an audit event changed, one line per field: "field: before → after" for a change,
 * "field: value" for a field the action added (a creation), struck through for one removed.
 */
export function AuditChanges({ before, after }: { before: unknown; after: unknown }) {
  const changes = auditDiff(before, after);
  const context = auditContext(before, after);
  return (
    <>
      {context.length ? (
        <p className="text-slate-500" data-testid="audit-context">
          {context.map((c) => `${c.field}: ${auditValueText(c.value)}`).join(" · ")}
        </p>
      ) : null}
      {changes.length === 0 ? (
        <span className="text-slate-500">no field changed</span>
      ) : (
        <dl className="space-y-0.5" data-testid="audit-changes">
          {changes.map((change) => (
            <div key={change.field} data-field={change.field}>
              {change.field ? <dt className="inline text-slate-500">{change.field}: </dt> : null}
              <dd className="inline">
                {change.kind === "changed" ? (
                  <>
                    <del className="text-rose-700">{auditValueText(change.before)}</del>
                    {" → "}
                    <ins className="text-emerald-800 no-underline">{auditValueText(change.after)}</ins>
                  </>
                ) : change.kind === "added" ? (
                  <span>{auditValueText(change.after)}</span>
                ) : (
                  <>
                    <del className="text-rose-700">{auditValueText(change.before)}</del>
                    <span className="sr-only"> removed</span>
                  </>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}
