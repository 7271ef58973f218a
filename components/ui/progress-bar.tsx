/** A thin progress bar; without a percentage it pulses (work going on, size unknown yet). */
export function ProgressBar({ label, percent }: { label: string; percent: number | null }) {
  return (
    <div
      className="h-2 flex-1 overflow-hidden rounded-full bg-slate-100"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
    >
      <div
        className={`h-full bg-indigo-600 transition-all ${percent === null ? "animate-pulse" : ""}`}
        style={{ width: `${percent ?? 100}%` }}
      />
    </div>
  );
}
