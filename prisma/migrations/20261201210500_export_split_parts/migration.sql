-- The split's part names in the order given (the filters' JSONB object does not keep key
-- order, and the order decides which items land in which part): a re-download repeats it.
ALTER TABLE "exports" ADD COLUMN "split_parts" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
