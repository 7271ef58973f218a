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
    const rowHeight = 22;
    const height = bars.length * rowHeight;
    return (
      <svg viewBox={`0 0 400 ${height}`} className="w-full" role="img" aria-label={summary} data-testid={testId}>
        {bars.map((b, i) => {
          const width = (260 * b.value) / max;
          return (
            <g key={b.label} transform={`translate(0 ${i * rowHeight})`}>
              <text x={110} y={15} textAnchor="end" className="fill-slate-600 text-[10px]">
                {b.label.length > 18 ? `${b.label.slice(0, 17)}…` : b.label}
              </text>
              <rect x={116} y={4} width={Math.max(width, 1)} height={14} rx={2} className="fill-indigo-500" />
              <text x={120 + width} y={15} className="fill-slate-700 text-[10px]">
                {b.value}
              </text>
            </g>
          );
        })}
      </svg>
    );
  }
  const width = 400;
  const height = 120;
  const step = width / Math.max(1, bars.length);
  return (
    <svg
      viewBox={`0 0 ${width} ${height + 16}`}
      className="w-full"
      role="img"
      aria-label={summary}
      data-testid={testId}
    >
      <line x1={0} y1={height} x2={width} y2={height} className="stroke-slate-200" />
      {bars.map((b, i) => {
        const h = (height - 12) * (b.value / max);
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
      <text x={0} y={height + 12} className="fill-slate-500 text-[9px]">
        {bars[0]?.label}
      </text>
      <text x={width} y={height + 12} textAnchor="end" className="fill-slate-500 text-[9px]">
        {bars[bars.length - 1]?.label}
      </text>
      <text x={2} y={9} className="fill-slate-500 text-[9px]">
        max {max}
      </text>
    </svg>
  );
}
