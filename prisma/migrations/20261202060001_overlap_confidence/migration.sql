-- Adaptive overlap's weighted rule (issue 16, docs/QUALITY.md): when set, an item is settled once
-- the posterior that its leader beats the runner-up, each answer weighted by its labeler's gold
-- accuracy, reaches this; null: the winner-share rule (overlap_threshold).
ALTER TABLE "projects" ADD COLUMN "overlap_confidence" DOUBLE PRECISION;
ALTER TABLE "projects" ADD CONSTRAINT "projects_overlap_confidence_check" CHECK (
  overlap_confidence IS NULL OR (overlap_confidence > 0.5 AND overlap_confidence < 1));
