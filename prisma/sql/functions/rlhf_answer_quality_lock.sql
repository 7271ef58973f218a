-- Why the labeler quality program made an answer final, or null (docs/QUALITY.md): 'trained'
-- when training feedback showed its gold answer (annotations.trained_at); 'qualification' for a
-- qualification answer once its labeler's qualification is decided (passed or failed), since the
-- score and the results an admin reads were computed from it. A new attempt after a fail removes
-- those answers and serves the items again.
-- Read by rlhf_edit_annotation (the refusal) and by the answer pages (the "locked" label).
CREATE OR REPLACE FUNCTION rlhf_answer_quality_lock(p_annotation uuid)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
           WHEN a.trained_at IS NOT NULL THEN 'trained'
           WHEN i.gold_role = 'qualification' AND EXISTS (
                  SELECT 1 FROM labeler_standings s
                   WHERE s.project_id = a.project_id AND s.labeler_id = a.labeler_id AND s.status <> 'pending')
             THEN 'qualification'
         END
    FROM annotations a JOIN items i ON i.id = a.item_id
   WHERE a.id = p_annotation
$$;
