-- AlterTable
ALTER TABLE "annotations" ADD COLUMN     "length_pairs" INTEGER,
ADD COLUMN     "longer_preferred" INTEGER,
ADD COLUMN     "loo_agree" INTEGER,
ADD COLUMN     "loo_pairs" INTEGER;

-- AlterTable
ALTER TABLE "items" ADD COLUMN     "agreement_stats" JSONB;
