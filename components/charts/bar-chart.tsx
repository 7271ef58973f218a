export interface Bar {
  label: string;
  value: number;
}

/**
 * A small SVG bar chart, rendered on the server (no chart library, no script). Horizontal
 * bars for named categories (labelers), vertical ones for a time axis (days).
 */
export function BarChart({
  bars,
  orientation = "vertical",
  title,
  testId,
}: {
  bars: Bar[];
  orientation?: "vertical" | "horizontal";
  title: string;
  testId?: string;
}) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const summary = `${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(", ")}`;
  if (orientation === "horizontal") {
    // Rows in HTML, not SVG text: the labels keep their size however wide the chart is drawn.
    return (
      <div role="img" aria-label={summary} data-testid={testId} className="space-y-1">
        {bars.map((b) => (
          <div key={b.label} aria-hidden className="grid grid-cols-[minmax(0,9rem)_1fr] items-center gap-2 text-xs">
            <span className="truncate text-right text-slate-600" title={b.label}>
              {b.label}
            </span>
            <span className="flex items-center gap-1.5">
              <span
                className="h-3.5 rounded-sm bg-indigo-500"
                style={{ width: `${Math.max((80 * b.value) / max, 0.5)}%` }}
              />
              <span className="text-slate-700 tabular-nums">{b.value}</span>
            </span>
          </div>
        ))}
      </div>
    );
  }
  const width = 400;
  const height = 120;
  const step = width / Math.max(1, bars.length);
  // Axis labels in HTML beside the drawing: the SVG scales with its box, its text would too.
  return (
    <div role="img" aria-label={summary} data-testid={testId}>
      <p aria-hidden className="text-xs text-slate-500 tabular-nums">
        max {max}
      </p>
      <svg viewBox={`0 0 ${width} ${height}`} className="w-full" aria-hidden>
        <line x1={0} y1={height} x2={width} y2={height} className="stroke-slate-200" />
        {bars.map((b, i) => {
          const h = (height - 4) * (b.value / max);
          return (
            <g key={b.label}>
              <rect
                x={i * step + 1}
                y={height - h}
                width={Math.max(step - 2, 1)}
                height={h}
                rx={1}
                className="fill-indigo-500"
              >
                <title>{`${b.label}: ${b.value}`}</title>
              </rect>
            </g>
          );
        })}
      </svg>
      <p aria-hidden className="mt-1 flex justify-between gap-2 text-xs text-slate-500 tabular-nums">
        <span>{bars[0]?.label}</span>
        <span>{bars[bars.length - 1]?.label}</span>
      </p>
    </div>
  );
}
