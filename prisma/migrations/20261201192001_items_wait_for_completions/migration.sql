-- Installs the current sources of these database functions, written by `npm run db:functions`
-- from prisma/sql/functions (the canonical sources: edit those, not this file).

-- "Eligible": the items of a project that may be served to this labeler. Open, with no slot
-- of theirs (answered or in hand: a labeler never gets two slots of one item) and not skipped
-- by them, and with at least the project's minimum number of completions: a prompt imported
-- without completions into a comparison or ranking project waits for generation
-- (docs/MODELS.md). Completions' positions are 0..n-1 per item, so "at least min" is one
-- probe of the (item_id, position) index: the completion at position min - 1 exists.
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
     AND NOT EXISTS (SELECT 1 FROM slots mine WHERE mine.item_id = i.id AND mine.labeler_id = p_labeler)
     AND NOT EXISTS (SELECT 1 FROM skips k WHERE k.item_id = i.id AND k.labeler_id = p_labeler)
     AND EXISTS (SELECT 1 FROM projects p
                  WHERE p.id = p_project
                    AND (p.min_completions = 0
                         OR EXISTS (SELECT 1 FROM completions c
                                     WHERE c.item_id = i.id AND c.position = p.min_completions - 1)))
$$;
