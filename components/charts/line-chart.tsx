export interface Point {
  label: string;
  value: number;
}

/** A small SVG line chart for a share over time (0 to 100%), rendered on the server. */
export function PercentLineChart({ points, title, testId }: { points: Point[]; title: string; testId?: string }) {
  const width = 400;
  const height = 120;
  const x = (i: number) => (points.length <= 1 ? width / 2 : (width * i) / (points.length - 1));
  const y = (v: number) => height - (height - 8) * Math.min(1, Math.max(0, v / 100));
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const last = points[points.length - 1];
  // Labels in HTML beside the drawing: the SVG scales with its box, its text would too.
  return (
    <div
      role="img"
      aria-label={`${title}: ${last ? `${last.value}% on ${last.label}` : "no data"}`}
      data-testid={testId}
    >
      <div className="relative">
        <svg viewBox={`0 0 ${width} ${height}`} className="w-full" aria-hidden>
          {[0, 50, 100].map((v) => (
            <line key={v} x1={0} y1={y(v)} x2={width} y2={y(v)} className="stroke-slate-100" />
          ))}
          {points.length ? (
            <path d={`${path} L${x(points.length - 1)},${height} L${x(0)},${height} Z`} className="fill-emerald-100" />
          ) : null}
          {points.length ? <path d={path} className="fill-none stroke-emerald-600" strokeWidth={2} /> : null}
        </svg>
        {/* Positioned against the drawing alone, so that they follow its gridlines at any width. */}
        {[0, 50, 100].map((v) => (
          <span
            key={v}
            aria-hidden
            className="absolute right-0 -translate-y-full text-xs text-slate-500 tabular-nums"
            style={{ top: `${(100 * y(v)) / height}%` }}
          >
            {v}%
          </span>
        ))}
      </div>
      <p aria-hidden className="mt-1 flex justify-between gap-2 text-xs text-slate-500 tabular-nums">
        <span>{points[0]?.label}</span>
        <span>{last?.label}</span>
      </p>
    </div>
  );
}
