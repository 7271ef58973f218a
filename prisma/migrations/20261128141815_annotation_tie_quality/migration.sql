-- AlterTable
ALTER TABLE "annotations" ADD COLUMN     "tie_quality" TEXT;

ALTER TABLE "annotations" ADD CONSTRAINT "annotations_tie_quality_values" CHECK ("tie_quality" IS NULL OR "tie_quality" IN ('good', 'bad'));
