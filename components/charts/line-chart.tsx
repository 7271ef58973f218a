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
  return (
    <svg
      viewBox={`0 0 ${width} ${height + 16}`}
      className="w-full"
      role="img"
      aria-label={`${title}: ${last ? `${last.value}% on ${last.label}` : "no data"}`}
      data-testid={testId}
    >
      {[0, 50, 100].map((v) => (
        <g key={v}>
          <line x1={0} y1={y(v)} x2={width} y2={y(v)} className="stroke-slate-100" />
          <text x={width} y={y(v) - 2} textAnchor="end" className="fill-slate-400 text-[9px]">
            {v}%
          </text>
        </g>
      ))}
      {points.length ? (
        <path d={`${path} L${x(points.length - 1)},${height} L${x(0)},${height} Z`} className="fill-emerald-100" />
      ) : null}
      {points.length ? <path d={path} className="fill-none stroke-emerald-600" strokeWidth={2} /> : null}
      <text x={0} y={height + 12} className="fill-slate-500 text-[9px]">
        {points[0]?.label}
      </text>
      <text x={width} y={height + 12} textAnchor="end" className="fill-slate-500 text-[9px]">
        {last?.label}
      </text>
    </svg>
  );
}
