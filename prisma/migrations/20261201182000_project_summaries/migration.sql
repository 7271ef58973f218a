-- A large project's page figures (queue health, progress, activity, agreement report),
-- computed in the background by lib/server/projects/project-summary.ts so that a view of its
-- page never aggregates hundreds of thousands of answers. Small projects are computed live
-- and never stored. `version` is the shape of `summary`: a row of another version is ignored.
CREATE TABLE "project_summaries" (
    "project_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "summary" JSONB NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "compute_ms" INTEGER NOT NULL,

    CONSTRAINT "project_summaries_pkey" PRIMARY KEY ("project_id")
);

ALTER TABLE "project_summaries" ADD CONSTRAINT "project_summaries_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
