-- A judge run keeps the lane count its requests were dealt to (as generation_jobs.lanes does),
-- so that the workers keep serving those lanes if the endpoint's max concurrency is lowered
-- during the run (docs/JUDGES.md, "Runs").
ALTER TABLE "judge_runs" ADD COLUMN "lanes" INTEGER NOT NULL DEFAULT 1;
