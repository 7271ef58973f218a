/** A small line of daily values (oldest first), with the values in its accessible name. */
export function Sparkline({
  values,
  label,
  width = 112,
  height = 28,
}: {
  values: number[];
  label: string;
  width?: number;
  height?: number;
}) {
  if (values.length < 2) return <span className="text-xs text-slate-500">–</span>;
  const max = Math.max(1, ...values);
  const step = width / (values.length - 1);
  const y = (v: number) => height - 2 - (v / max) * (height - 4);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${values.join(", ")}`}
      className="overflow-visible"
    >
      <polyline points={`0,${height} ${points} ${width},${height}`} className="fill-indigo-50 stroke-none" />
      <polyline points={points} fill="none" className="stroke-indigo-600" strokeWidth={1.5} strokeLinejoin="round" />
      <circle cx={width} cy={y(values[values.length - 1]!)} r={2} className="fill-indigo-600" />
    </svg>
  );
}
