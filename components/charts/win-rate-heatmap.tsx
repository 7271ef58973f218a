const shorten = (label: string, max: number) => (label.length > max ? `${label.slice(0, max - 1)}…` : label);

/**
 * The fill of a win rate: rose below one half, white at one half, indigo above (a diverging
 * scale, so an even matchup reads as neutral). Computed colours as SVG attributes, not styles.
 */
export function winRateFill(rate: number): string {
  const t = Math.min(1, Math.abs(rate - 0.5) * 2);
  const [r, g, b] = rate >= 0.5 ? [79, 70, 229] : [225, 29, 72];
  const mix = (c: number) => Math.round(255 + (c - 255) * t * 0.85);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

/**
 * A win-rate matrix as a heatmap: the cell in row r, column c is how often r's model beat c's
 * (ties counted half), with the percentage written in it; blank where they never met.
 */
export function WinRateHeatmap({
  labels,
  rates,
  counts,
  title,
  testId,
}: {
  labels: string[];
  rates: (number | null)[][];
  /** Comparisons behind each cell (shown on hover). */
  counts?: number[][];
  title: string;
  testId?: string;
}) {
  const n = labels.length;
  const left = 104;
  const top = 64;
  const cell = Math.max(28, Math.min(48, Math.floor(296 / Math.max(1, n))));
  // Room on the right for the last column's slanted label.
  const width = left + n * cell + 48;
  const height = top + n * cell + 4;
  const percent = (v: number) => `${Math.round(v * 100)}%`;
  const pairs: string[] = [];
  rates.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== null) pairs.push(`${labels[r]} beats ${labels[c]} ${percent(v)}`);
    }),
  );
  const summary = `${title}: ${pairs.join(", ") || "no comparisons"}`;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className="w-full max-w-md"
      role="img"
      aria-label={summary}
      data-testid={testId}
    >
      {labels.map((label, c) => (
        <text
          key={`col-${label}`}
          transform={`translate(${left + c * cell + cell / 2 + 3} ${top - 6}) rotate(-40)`}
          className="fill-slate-600 text-[10px]"
        >
          {shorten(label, 12)}
        </text>
      ))}
      {labels.map((label, r) => (
        <g key={`row-${label}`}>
          <text x={left - 6} y={top + r * cell + cell / 2 + 3} textAnchor="end" className="fill-slate-600 text-[10px]">
            {shorten(label, 16)}
          </text>
          {labels.map((other, c) => {
            const v = rates[r]?.[c] ?? null;
            const x = left + c * cell;
            const y = top + r * cell;
            return (
              <g key={`${label}-${other}`}>
                <rect
                  x={x + 1}
                  y={y + 1}
                  width={cell - 2}
                  height={cell - 2}
                  rx={3}
                  fill={v === null ? "rgb(241, 245, 249)" : winRateFill(v)}
                >
                  <title>
                    {v === null
                      ? r === c
                        ? label
                        : `${label} and ${other} never compared`
                      : `${label} beats ${other}: ${percent(v)}${counts ? ` of ${counts[r]?.[c] ?? 0} comparisons` : ""}`}
                  </title>
                </rect>
                {v !== null ? (
                  <text
                    x={x + cell / 2}
                    y={y + cell / 2 + 3}
                    textAnchor="middle"
                    className={`text-[10px] tabular-nums ${Math.abs(v - 0.5) > 0.3 ? "fill-white" : "fill-slate-800"}`}
                  >
                    {percent(v)}
                  </text>
                ) : null}
              </g>
            );
          })}
        </g>
      ))}
    </svg>
  );
}
