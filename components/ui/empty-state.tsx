export function EmptyState({
  title,
  children,
  testId,
}: {
  title: string;
  children?: React.ReactNode;
  testId?: string;
}) {
  return (
    <div
      data-testid={testId}
      className="rounded-lg border border-dashed border-slate-300 bg-slate-50 px-6 py-10 text-center"
    >
      <p className="text-sm font-medium text-slate-700">{title}</p>
      {children ? <div className="mt-2 text-sm text-slate-500">{children}</div> : null}
    </div>
  );
}
