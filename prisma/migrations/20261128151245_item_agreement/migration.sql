-- AlterTable
ALTER TABLE "items" ADD COLUMN     "agreement" DOUBLE PRECISION;
