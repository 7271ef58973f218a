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
