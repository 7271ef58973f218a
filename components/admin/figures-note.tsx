import { describeAge } from "@/lib/domain/age";

/**
 * Says where a large project's figures come from: stored by the background refresher (with
 * their time), or not computed yet. Small projects' figures are live and need no note.
 */
export function FiguresNote({
  figures,
  now,
}: {
  figures: { source: "live" } | { source: "pending" } | { source: "stored"; computedAt: Date };
  now: Date;
}) {
  if (figures.source === "live") return null;
  if (figures.source === "pending")
    return (
      <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="figures-note">
        This project is large, so its progress, activity and agreement are computed in the background rather than on
        each view. They are being computed now and appear here within a few minutes; reload to see them.
      </p>
    );
  const at = figures.computedAt;
  return (
    <p className="text-xs text-slate-500" data-testid="figures-note">
      Figures as of{" "}
      <time dateTime={at.toISOString()} title={at.toISOString()}>
        {at.toISOString().slice(11, 16)} UTC ({describeAge(now.getTime() - at.getTime())})
      </time>
      : this project is large, so they are refreshed in the background, not on each view.
    </p>
  );
}
