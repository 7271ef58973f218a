-- Items are numbered within their project (#1, #2, ...), shown in lists and on the item page.
-- Existing items are numbered in arrival order; new ones by the importer (a batch at a time,
-- under a per-project advisory lock) or, when inserted with number 0, by a trigger.
ALTER TABLE "items" ADD COLUMN "number" INTEGER NOT NULL DEFAULT 0;

UPDATE "items" i SET "number" = n.rn
  FROM (SELECT id, row_number() OVER (PARTITION BY project_id ORDER BY seq) AS rn FROM "items") n
 WHERE i.id = n.id;

CREATE UNIQUE INDEX "items_project_id_number_key" ON "items"("project_id", "number");

-- Item numbers within a project (#1, #2, ...): the first of the next numbers of a project's
-- items, held until the transaction ends. The advisory lock serializes the writers of one
-- project's items (two imports at once take turns); the highest number is read after the lock
-- is granted, in its own statement, so its snapshot sees what the writer before committed.
-- Numbers only grow; an item left out (a duplicate) or a rolled-back import leaves a gap.
CREATE OR REPLACE FUNCTION rlhf_reserve_item_numbers(p_project uuid)
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  v_last int;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('rlhf_item_numbers:' || p_project::text, 0));
  SELECT coalesce(max(number), 0) INTO v_last FROM items WHERE project_id = p_project;
  RETURN v_last + 1;
END
$$;

-- The trigger that numbers an item inserted without a number (0): rows written by code other
-- than the importer (which reserves a batch's numbers at once), such as tests and benchmarks.
CREATE OR REPLACE FUNCTION rlhf_number_item()
RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.number := rlhf_reserve_item_numbers(NEW.project_id);
  RETURN NEW;
END
$$;

CREATE TRIGGER "items_number" BEFORE INSERT ON "items"
  FOR EACH ROW WHEN (NEW."number" = 0) EXECUTE FUNCTION rlhf_number_item();
