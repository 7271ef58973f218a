-- AlterTable
ALTER TABLE "exports" ADD COLUMN     "items_done" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "items_total" INTEGER;
