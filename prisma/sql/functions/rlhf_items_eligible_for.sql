-- "Eligible": the items of a project that may be served to this labeler. Open, with no slot
-- of theirs (answered or in hand: a labeler never gets two slots of one item) and not skipped
-- by them, and with at least the project's minimum number of completions: a prompt imported
-- without completions into a comparison or ranking project waits for generation
-- (docs/MODELS.md). The count is correlated with each item (a few rows of the
-- (item_id, position) index): an EXISTS nested in an OR here let the planner hash the whole
-- completions table on every claim (80 ms and more at 100,000 completions, found by
-- bench:capacity); a count tied to the item cannot be hashed. Human rewrites have no position.
-- A claim takes a free slot (rlhf_slot_is_free) of one of them; the labeler's
-- "remaining" count (lib/server/projects/labeler-progress.ts) counts those with a free slot.
-- A single SELECT in LANGUAGE sql, STABLE, not STRICT: PostgreSQL inlines it into the
-- calling query, which then plans exactly as if it were written out there (the items index
-- on project, status, priority and seq; anti-joins on slots and skips).
CREATE OR REPLACE FUNCTION rlhf_items_eligible_for(p_project uuid, p_labeler uuid)
RETURNS SETOF items LANGUAGE sql STABLE AS $$
  SELECT i.*
    FROM items i
   WHERE i.project_id = p_project
     AND i.status = 'open'
     -- Issue 16 (qual): gold items with a role are served by rlhf_quality_slot, never by the queue.
     AND i.gold_role IS NULL
     AND NOT EXISTS (SELECT 1 FROM slots mine WHERE mine.item_id = i.id AND mine.labeler_id = p_labeler)
     AND NOT EXISTS (SELECT 1 FROM skips k WHERE k.item_id = i.id AND k.labeler_id = p_labeler)
     AND (SELECT count(*) FROM completions c WHERE c.item_id = i.id AND c.position IS NOT NULL)
         >= (SELECT p.min_completions FROM projects p WHERE p.id = p_project)
$$;
