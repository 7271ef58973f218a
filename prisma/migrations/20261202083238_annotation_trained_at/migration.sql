-- Training feedback makes an answer final (issue 16, docs/QUALITY.md). The answer records when
-- its labeler was shown the gold answer, so that the lock no longer depends on the project's
-- training length N at the time of an edit (an admin changing N changed the locked set).
ALTER TABLE "annotations" ADD COLUMN "trained_at" TIMESTAMPTZ(3);

-- The answers already followed by feedback, by the rule that decided it until now: a training
-- item, or an item with a gold answer or explanation among the labeler's first N answers
-- (qualification answers aside).
UPDATE annotations a SET trained_at = a.created_at
  FROM items gi, projects p
 WHERE gi.id = a.item_id AND p.id = a.project_id
   AND (gi.gold_role = 'training'
        OR (gi.gold_role IS NULL AND (gi.gold_answer IS NOT NULL OR gi.gold_explanation IS NOT NULL)
            AND p.training_items > 0
            -- Counted up to N + 1 earlier answers: a count of all of them per answer is quadratic
            -- in a labeler's answers, and ALTER TABLE above holds the table's lock until commit.
            AND (SELECT count(*) FROM (
                   SELECT 1 FROM annotations o JOIN items oi ON oi.id = o.item_id
                    WHERE o.project_id = a.project_id AND o.labeler_id = a.labeler_id
                      AND oi.gold_role IS DISTINCT FROM 'qualification'
                      AND (o.created_at, o.id) <= (a.created_at, a.id)
                    LIMIT p.training_items + 1) earlier) <= p.training_items));
