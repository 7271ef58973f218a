-- AlterTable
ALTER TABLE "items" ADD COLUMN     "agreement_stats" JSONB;
