-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "scopes" TEXT[] DEFAULT ARRAY['label', 'admin']::TEXT[];

-- AlterTable
ALTER TABLE "items" ADD COLUMN     "target_overlap" INTEGER;

-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "feedback_settings" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "show_judge_suggestions" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "feedback_events" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "event_id" TEXT NOT NULL,
    "conversation" JSONB NOT NULL,
    "response" TEXT NOT NULL,
    "thumb" BOOLEAN,
    "score" INTEGER,
    "edit" TEXT,
    "alternatives" JSONB,
    "model" TEXT,
    "user_ref" TEXT,
    "consent" BOOLEAN,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "scrubbed" JSONB NOT NULL DEFAULT '{}',
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "routed_by" TEXT,
    "review_item_id" UUID,

    CONSTRAINT "feedback_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "judges" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "prompt_version" INTEGER NOT NULL DEFAULT 1,
    "audit_rate" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "routing" BOOLEAN NOT NULL DEFAULT false,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "judges_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "judge_prompt_versions" (
    "id" UUID NOT NULL,
    "judge_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "judge_prompt_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "judge_runs" (
    "id" UUID NOT NULL,
    "judge_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "status" "GenerationStatus" NOT NULL DEFAULT 'queued',
    "prompt_version" INTEGER NOT NULL,
    "items" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "unparsed" INTEGER NOT NULL DEFAULT 0,
    "prompt_tokens" BIGINT NOT NULL DEFAULT 0,
    "completion_tokens" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "judge_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "judge_verdicts" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "swap" INTEGER NOT NULL,
    "display_order" TEXT[],
    "ranking" JSONB,
    "unsure" BOOLEAN NOT NULL DEFAULT false,
    "rationale" TEXT,
    "raw" TEXT,
    "parse_error" TEXT,
    "error_kind" TEXT,
    "error" TEXT,
    "latency_ms" INTEGER,
    "prompt_tokens" INTEGER,
    "completion_tokens" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "judge_verdicts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "judge_annotations" (
    "id" UUID NOT NULL,
    "judge_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "provenance" TEXT NOT NULL,
    "ranking" JSONB,
    "consistent" BOOLEAN NOT NULL,
    "unsure" BOOLEAN NOT NULL DEFAULT false,
    "rationale" TEXT,
    "prompt_version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "judge_annotations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "feedback_events_project_id_occurred_at_idx" ON "feedback_events"("project_id", "occurred_at");

-- CreateIndex
CREATE INDEX "feedback_events_review_item_id_idx" ON "feedback_events"("review_item_id");

-- CreateIndex
CREATE UNIQUE INDEX "feedback_events_project_id_event_id_key" ON "feedback_events"("project_id", "event_id");

-- CreateIndex
CREATE UNIQUE INDEX "judges_project_id_name_key" ON "judges"("project_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "judge_prompt_versions_judge_id_version_key" ON "judge_prompt_versions"("judge_id", "version");

-- CreateIndex
CREATE INDEX "judge_runs_judge_id_created_at_idx" ON "judge_runs"("judge_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "judge_verdicts_run_id_item_id_swap_key" ON "judge_verdicts"("run_id", "item_id", "swap");

-- CreateIndex
CREATE INDEX "judge_annotations_project_id_item_id_idx" ON "judge_annotations"("project_id", "item_id");

-- CreateIndex
CREATE UNIQUE INDEX "judge_annotations_judge_id_item_id_key" ON "judge_annotations"("judge_id", "item_id");

-- AddForeignKey
ALTER TABLE "feedback_events" ADD CONSTRAINT "feedback_events_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback_events" ADD CONSTRAINT "feedback_events_review_item_id_fkey" FOREIGN KEY ("review_item_id") REFERENCES "items"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judges" ADD CONSTRAINT "judges_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judges" ADD CONSTRAINT "judges_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "model_endpoints"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judge_prompt_versions" ADD CONSTRAINT "judge_prompt_versions_judge_id_fkey" FOREIGN KEY ("judge_id") REFERENCES "judges"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judge_runs" ADD CONSTRAINT "judge_runs_judge_id_fkey" FOREIGN KEY ("judge_id") REFERENCES "judges"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judge_runs" ADD CONSTRAINT "judge_runs_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judge_verdicts" ADD CONSTRAINT "judge_verdicts_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "judge_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judge_verdicts" ADD CONSTRAINT "judge_verdicts_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judge_annotations" ADD CONSTRAINT "judge_annotations_judge_id_fkey" FOREIGN KEY ("judge_id") REFERENCES "judges"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judge_annotations" ADD CONSTRAINT "judge_annotations_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judge_annotations" ADD CONSTRAINT "judge_annotations_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A token's scopes are named ones; a rating is a thumb or a 1-5 score, never both.
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_scopes_known"
  CHECK (scopes <@ ARRAY['label', 'admin', 'ingest']::TEXT[]);
ALTER TABLE "feedback_events" ADD CONSTRAINT "feedback_events_one_rating"
  CHECK ((thumb IS NULL) <> (score IS NULL) AND (score IS NULL OR score BETWEEN 1 AND 5));
ALTER TABLE "judge_verdicts" ADD CONSTRAINT "judge_verdicts_swap" CHECK (swap IN (0, 1));
ALTER TABLE "judges" ADD CONSTRAINT "judges_audit_rate" CHECK (audit_rate >= 0 AND audit_rate <= 1);
ALTER TABLE "items" ADD CONSTRAINT "items_target_overlap" CHECK (target_overlap IS NULL OR target_overlap >= 0);
