export interface RatedRow {
  label: string;
  rating: number;
  interval: [number, number];
}

const shorten = (label: string, max: number) => (label.length > max ? `${label.slice(0, max - 1)}…` : label);

/**
 * Ratings with their 95% intervals, one row per model (best first), on a shared axis with a
 * dashed line at the reference rating: a dot for the rating, a bar for the interval. SVG
 * rendered on the server; the label lists every value for screen readers.
 */
export function RatingIntervalChart({
  rows,
  title,
  reference,
  testId,
}: {
  rows: RatedRow[];
  title: string;
  /** A rating drawn as a dashed line (the models' mean). */
  reference?: number;
  testId?: string;
}) {
  const width = 320;
  const left = 96;
  const right = 40;
  const rowHeight = 28;
  const top = 6;
  const height = top + rows.length * rowHeight + 18;
  const values = rows.flatMap((r) => [r.interval[0], r.interval[1], r.rating]);
  if (reference !== undefined) values.push(reference);
  // A round axis around every value, at least 100 points wide.
  const step = 50;
  let lo = Math.floor(Math.min(...values) / step) * step;
  let hi = Math.ceil(Math.max(...values) / step) * step;
  if (hi - lo < 100) {
    const mid = (hi + lo) / 2;
    lo = mid - 50;
    hi = mid + 50;
  }
  const x = (v: number) => left + ((width - left - right) * (v - lo)) / (hi - lo);
  const round = (v: number) => Math.round(v);
  const summary = `${title}: ${rows
    .map((r) => `${r.label} ${round(r.rating)} (95% interval ${round(r.interval[0])} to ${round(r.interval[1])})`)
    .join(", ")}`;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className="w-full max-w-lg"
      role="img"
      aria-label={summary}
      data-testid={testId}
    >
      {reference !== undefined ? (
        <line
          x1={x(reference)}
          x2={x(reference)}
          y1={top}
          y2={top + rows.length * rowHeight}
          strokeDasharray="3 3"
          className="stroke-slate-300"
        />
      ) : null}
      {rows.map((r, i) => {
        const y = top + i * rowHeight + rowHeight / 2;
        return (
          <g key={r.label}>
            <title>{`${r.label}: ${round(r.rating)} (${round(r.interval[0])}–${round(r.interval[1])})`}</title>
            <text x={left - 6} y={y + 3} textAnchor="end" className="fill-slate-700 text-[11px]">
              {shorten(r.label, 15)}
            </text>
            <line
              x1={x(r.interval[0])}
              x2={x(r.interval[1])}
              y1={y}
              y2={y}
              strokeWidth={3}
              className="stroke-indigo-200"
            />
            <line x1={x(r.interval[0])} x2={x(r.interval[0])} y1={y - 5} y2={y + 5} className="stroke-indigo-400" />
            <line x1={x(r.interval[1])} x2={x(r.interval[1])} y1={y - 5} y2={y + 5} className="stroke-indigo-400" />
            <circle cx={x(r.rating)} cy={y} r={4} className="fill-indigo-600" />
            <text x={width - right + 6} y={y + 3} className="fill-slate-700 text-[11px] font-medium tabular-nums">
              {round(r.rating)}
            </text>
          </g>
        );
      })}
      <line
        x1={left}
        x2={width - right}
        y1={top + rows.length * rowHeight}
        y2={top + rows.length * rowHeight}
        className="stroke-slate-200"
      />
      {[lo, (lo + hi) / 2, hi].map((v) => (
        <text
          key={v}
          x={x(v)}
          y={height - 4}
          textAnchor={v === lo ? "start" : v === hi ? "end" : "middle"}
          className="fill-slate-500 text-[10px] tabular-nums"
        >
          {round(v)}
        </text>
      ))}
    </svg>
  );
}
