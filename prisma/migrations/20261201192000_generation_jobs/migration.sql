-- Generation jobs (issue 12): requests for completions from model endpoints, run by pg-boss
-- workers (pg-boss keeps its own tables in the "pgboss" schema, created by pg-boss itself).
-- completion_generations.generation_key is what makes a re-run add nothing.
-- CreateEnum
CREATE TYPE "GenerationStatus" AS ENUM ('queued', 'running', 'cancelled', 'completed', 'failed');

-- CreateEnum
CREATE TYPE "GenerationTaskStatus" AS ENUM ('pending', 'done', 'failed', 'skipped');

-- CreateTable
CREATE TABLE "generation_jobs" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "status" "GenerationStatus" NOT NULL DEFAULT 'queued',
    "endpoint_ids" UUID[],
    "endpoint_names" TEXT[],
    "lanes" INTEGER[],
    "samples" INTEGER NOT NULL,
    "selection" TEXT NOT NULL,
    "items" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "pending" INTEGER NOT NULL DEFAULT 0,
    "completions" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "prompt_tokens" BIGINT NOT NULL DEFAULT 0,
    "completion_tokens" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "generation_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "generation_tasks" (
    "id" UUID NOT NULL,
    "job_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "sample_index" INTEGER NOT NULL,
    "lane" INTEGER NOT NULL,
    "status" "GenerationTaskStatus" NOT NULL DEFAULT 'pending',
    "boss_job_id" UUID,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error_kind" TEXT,
    "error" TEXT,
    "completion_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "generation_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "completion_generations" (
    "completion_id" UUID NOT NULL,
    "generation_key" TEXT NOT NULL,
    "job_id" UUID,
    "endpoint_id" UUID NOT NULL,
    "endpoint_name" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "served_model" TEXT,
    "params" JSONB NOT NULL,
    "finish_reason" TEXT,
    "latency_ms" INTEGER NOT NULL,
    "prompt_tokens" INTEGER,
    "completion_tokens" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "completion_generations_pkey" PRIMARY KEY ("completion_id")
);

-- CreateTable
CREATE TABLE "endpoint_pacing" (
    "endpoint_id" UUID NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "refilled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paused_until" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "endpoint_pacing_pkey" PRIMARY KEY ("endpoint_id")
);

-- CreateIndex
CREATE INDEX "generation_jobs_project_id_created_at_idx" ON "generation_jobs"("project_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "generation_jobs_status_idx" ON "generation_jobs"("status");

-- CreateIndex
CREATE INDEX "generation_tasks_job_id_status_idx" ON "generation_tasks"("job_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "generation_tasks_job_id_item_id_endpoint_id_sample_index_key" ON "generation_tasks"("job_id", "item_id", "endpoint_id", "sample_index");

-- CreateIndex
CREATE UNIQUE INDEX "completion_generations_generation_key_key" ON "completion_generations"("generation_key");

-- AddForeignKey
ALTER TABLE "generation_jobs" ADD CONSTRAINT "generation_jobs_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "generation_jobs" ADD CONSTRAINT "generation_jobs_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "generation_tasks" ADD CONSTRAINT "generation_tasks_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "generation_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "generation_tasks" ADD CONSTRAINT "generation_tasks_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "completion_generations" ADD CONSTRAINT "completion_generations_completion_id_fkey" FOREIGN KEY ("completion_id") REFERENCES "completions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
