-- The trigger that numbers an item inserted without a number (0): rows written by code other
-- than the importer (which reserves a batch's numbers at once), such as tests and benchmarks.
CREATE OR REPLACE FUNCTION rlhf_number_item()
RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.number := rlhf_reserve_item_numbers(NEW.project_id);
  RETURN NEW;
END
$$;
