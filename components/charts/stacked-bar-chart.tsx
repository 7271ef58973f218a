export interface StackedBar {
  label: string;
  /** Values per series, in the order of `series`. */
  values: number[];
}

/**
 * A small SVG column chart with stacked series, rendered on the server like BarChart: one
 * column per label (days), each series a colour, a legend in HTML.
 */
export function StackedBarChart({
  bars,
  series,
  title,
  testId,
}: {
  bars: StackedBar[];
  series: { name: string; className: string; swatch: string }[];
  title: string;
  testId?: string;
}) {
  const totals = bars.map((b) => b.values.reduce((s, v) => s + v, 0));
  const max = Math.max(1, ...totals);
  const width = 400;
  const height = 120;
  const step = width / Math.max(1, bars.length);
  const summary = `${title}: ${bars
    .filter((_, i) => totals[i])
    .map((b) => `${b.label} ${series.map((s, j) => `${s.name} ${b.values[j] ?? 0}`).join(", ")}`)
    .join("; ")}`;
  return (
    <div role="img" aria-label={summary || `${title}: none`} data-testid={testId}>
      <p aria-hidden className="flex flex-wrap items-center gap-3 text-xs text-slate-500">
        <span className="tabular-nums">max {max}</span>
        {series.map((s) => (
          <span key={s.name} className="flex items-center gap-1">
            <span className={`inline-block h-2.5 w-2.5 rounded-sm ${s.swatch}`} />
            {s.name}
          </span>
        ))}
      </p>
      <svg viewBox={`0 0 ${width} ${height}`} className="w-full" aria-hidden>
        <line x1={0} y1={height} x2={width} y2={height} className="stroke-slate-200" />
        {bars.map((b, i) => {
          let y = height;
          return (
            <g key={b.label}>
              {b.values.map((v, j) => {
                const h = (height - 4) * (v / max);
                y -= h;
                return v ? (
                  <rect
                    key={j}
                    x={i * step + 1}
                    y={y}
                    width={Math.max(step - 2, 1)}
                    height={h}
                    className={series[j]?.className}
                  >
                    <title>{`${b.label}: ${series[j]?.name} ${v}`}</title>
                  </rect>
                ) : null;
              })}
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
