-- Adaptive overlap and labeling cost (issue 16, docs/QUALITY.md).
ALTER TABLE "projects" ADD COLUMN "overlap_min" INTEGER,
ADD COLUMN "overlap_max" INTEGER,
ADD COLUMN "overlap_threshold" DOUBLE PRECISION NOT NULL DEFAULT 0.75,
ADD COLUMN "hourly_rate" DOUBLE PRECISION;

-- Both bounds or neither; the start (overlap_min) is the project's overlap, so the same limits.
ALTER TABLE "projects" ADD CONSTRAINT "projects_adaptive_overlap_check" CHECK (
  (overlap_min IS NULL AND overlap_max IS NULL)
  OR (overlap_min BETWEEN 1 AND 100 AND overlap_max BETWEEN overlap_min AND 100));
ALTER TABLE "projects" ADD CONSTRAINT "projects_overlap_threshold_check" CHECK (overlap_threshold > 0 AND overlap_threshold <= 1);
ALTER TABLE "projects" ADD CONSTRAINT "projects_hourly_rate_check" CHECK (hourly_rate IS NULL OR (hourly_rate >= 0 AND hourly_rate <= 1000000));
