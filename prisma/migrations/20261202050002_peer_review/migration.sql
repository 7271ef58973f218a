-- AlterTable
ALTER TABLE "memberships" ADD COLUMN     "role" TEXT NOT NULL DEFAULT 'labeler';

-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "review_rate" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "demonstration_reviews" (
    "id" UUID NOT NULL,
    "annotation_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "claimed_by_id" UUID,
    "claim_expires_at" TIMESTAMPTZ(3),
    "reviewer_id" UUID,
    "revision" INTEGER,
    "reason" TEXT,
    "edited_text" TEXT,
    "edited_revision" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "demonstration_reviews_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "demonstration_reviews_annotation_id_key" ON "demonstration_reviews"("annotation_id");

-- CreateIndex
CREATE INDEX "demonstration_reviews_project_id_status_created_at_idx" ON "demonstration_reviews"("project_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "demonstration_reviews_author_id_idx" ON "demonstration_reviews"("author_id");

-- AddForeignKey
ALTER TABLE "demonstration_reviews" ADD CONSTRAINT "demonstration_reviews_annotation_id_fkey" FOREIGN KEY ("annotation_id") REFERENCES "annotations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demonstration_reviews" ADD CONSTRAINT "demonstration_reviews_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demonstration_reviews" ADD CONSTRAINT "demonstration_reviews_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demonstration_reviews" ADD CONSTRAINT "demonstration_reviews_reviewer_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demonstration_reviews" ADD CONSTRAINT "demonstration_reviews_claimed_by_id_fkey" FOREIGN KEY ("claimed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Written by hand (Prisma's schema language has no CHECK constraints).
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_role_check" CHECK ("role" IN ('labeler', 'reviewer'));
ALTER TABLE "projects" ADD CONSTRAINT "projects_review_rate_check" CHECK ("review_rate" >= 0 AND "review_rate" <= 1);
ALTER TABLE "demonstration_reviews" ADD CONSTRAINT "demonstration_reviews_status_check"
  CHECK ("status" IN ('pending', 'accepted', 'edited', 'rejected'));
-- A decided review names its reviewer and revision; a rejection has its reason, an edit its text.
ALTER TABLE "demonstration_reviews" ADD CONSTRAINT "demonstration_reviews_decision_check" CHECK (
  ("status" = 'pending' AND "decided_at" IS NULL)
  OR ("status" <> 'pending' AND "decided_at" IS NOT NULL AND "revision" IS NOT NULL
      AND ("status" <> 'rejected' OR "reason" IS NOT NULL)
      AND ("status" <> 'edited' OR ("edited_text" IS NOT NULL AND "edited_revision" IS NOT NULL))));
-- The author is never the reviewer (the claim and the decision check it too).
ALTER TABLE "demonstration_reviews" ADD CONSTRAINT "demonstration_reviews_not_own_check"
  CHECK ("reviewer_id" IS NULL OR "reviewer_id" <> "author_id");
