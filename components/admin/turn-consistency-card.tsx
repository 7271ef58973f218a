import type { TurnConsistency } from "@/lib/domain/agreement/turn-consistency";

const percent = (v: number | null) => (v === null ? "–" : `${Math.round(v * 100)}%`);

/** A conversation project's agreement: turn consistency on the turns reviewed by others. */
export function TurnConsistencyCard({ consistency }: { consistency: TurnConsistency | null | undefined }) {
  if (!consistency || consistency.reviewedTurns === 0) {
    return (
      <p className="text-sm text-slate-500" data-testid="turn-consistency-empty">
        {consistency?.sampledTurns
          ? `${consistency.sampledTurns} turns were sent for review; turn consistency appears once another labeler answers one.`
          : "No turns were reviewed yet. Set a review rate and a review project in Settings: a share of chosen turns then goes to other labelers, and their choices are compared with the conversation's."}
      </p>
    );
  }
  const { alpha } = consistency;
  return (
    <div className="space-y-2" data-testid="turn-consistency">
      <p className="text-sm text-slate-600">
        <span className="text-2xl font-semibold text-slate-900 tabular-nums">
          {percent(consistency.agreementShare)}
        </span>{" "}
        of reviews choose the reply the conversation went on with ({consistency.agreeingReviews.toLocaleString("en")} of{" "}
        {consistency.reviews.toLocaleString("en")} reviews on {consistency.reviewedTurns.toLocaleString("en")} reviewed
        turns; {consistency.sampledTurns.toLocaleString("en")} sent for review).
      </p>
      <p className="text-sm text-slate-600">
        Krippendorff&apos;s alpha on the best reply, with the conversation&apos;s labeler as one more coder:{" "}
        <strong className="tabular-nums">{alpha?.alpha != null ? alpha.alpha.toFixed(2) : "not defined yet"}</strong>
        {alpha ? ` (${alpha.coders} coders, ${alpha.pairableUnits} turns with two answers or more).` : "."}
      </p>
    </div>
  );
}
