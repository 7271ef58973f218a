-- AlterEnum
ALTER TYPE "ProjectStatus" ADD VALUE 'draft';

-- AlterTable
ALTER TABLE "items" ADD COLUMN     "gold_explanation" TEXT,
ADD COLUMN     "gold_role" TEXT;

-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "attention_rate" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "attention_threshold" DOUBLE PRECISION NOT NULL DEFAULT 0.7,
ADD COLUMN     "attention_window" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "qualification_required" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "qualification_retry_hours" INTEGER,
ADD COLUMN     "qualification_threshold" DOUBLE PRECISION NOT NULL DEFAULT 0.75,
ADD COLUMN     "training_items" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "labeler_standings" (
    "project_id" UUID NOT NULL,
    "labeler_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "score" DOUBLE PRECISION,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "decided_at" TIMESTAMPTZ(3),
    "retry_after" TIMESTAMPTZ(3),
    "results" JSONB NOT NULL DEFAULT '[]',
    "grades" JSONB NOT NULL DEFAULT '{}',
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "pause_reason" TEXT,
    "paused_at" TIMESTAMPTZ(3),
    "override_by_id" UUID,
    "override_at" TIMESTAMPTZ(3),
    "override_reason" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "labeler_standings_pkey" PRIMARY KEY ("project_id","labeler_id")
);

-- AddForeignKey
ALTER TABLE "labeler_standings" ADD CONSTRAINT "labeler_standings_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "labeler_standings" ADD CONSTRAINT "labeler_standings_labeler_id_fkey" FOREIGN KEY ("labeler_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (docs/DEVELOPMENT.md): what Prisma's schema language cannot say.
ALTER TABLE "items" ADD CONSTRAINT "items_gold_role_check"
  CHECK (gold_role IS NULL OR (gold_role IN ('qualification', 'training', 'attention') AND is_gold));
ALTER TABLE "labeler_standings" ADD CONSTRAINT "labeler_standings_status_check"
  CHECK (status IN ('pending', 'passed', 'failed'));
ALTER TABLE "projects" ADD CONSTRAINT "projects_quality_settings_check"
  CHECK (qualification_threshold BETWEEN 0 AND 1 AND attention_threshold BETWEEN 0 AND 1
         AND attention_rate BETWEEN 0 AND 1 AND attention_window >= 1 AND training_items >= 0
         AND (qualification_retry_hours IS NULL OR qualification_retry_hours >= 0));
