-- Issue 16 (docs/QUALITY.md): what the labeler's standing in the project lets the claim serve.
-- Called by rlhf_claim_task under the membership lock, before the ordinary queue. Answers
-- {} (serve the ordinary queue), {"outcome": ...} (serve nothing: labeler_paused,
-- not_qualified, qualification_retry, qualification_pending), or {"slot": id} (a free slot of
-- a gold item: qualification first, then training, then an attention check at the project's
-- rate while a real task is left for the labeler). Gold items with a role are served outside the overlap: every labeler answers them,
-- so a slot is made for the labeler when none is free (the item stays open; its extra slots
-- are not counted against the overlap). A gold item without an expected answer is never
-- served as a check (a demonstration qualification item is graded by an admin instead).
CREATE OR REPLACE FUNCTION rlhf_quality_slot(p_project projects, p_labeler uuid) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_standing labeler_standings%ROWTYPE;
  v_item uuid;
  v_slot uuid;
  v_role text;
BEGIN
  SELECT * INTO v_standing FROM labeler_standings WHERE project_id = p_project.id AND labeler_id = p_labeler;
  -- A pause holds until an admin lifts it, even once the project's checks are turned off.
  IF v_standing.paused THEN
    RETURN jsonb_build_object('outcome', 'labeler_paused');
  END IF;
  IF NOT (p_project.qualification_required OR p_project.training_items > 0 OR p_project.attention_rate > 0) THEN
    RETURN '{}'::jsonb;
  END IF;
  IF p_project.qualification_required AND coalesce(v_standing.status, 'pending') <> 'passed' THEN
    IF v_standing.status = 'failed' THEN
      IF v_standing.retry_after IS NOT NULL AND v_standing.retry_after <= now() THEN
        RETURN jsonb_build_object('outcome', 'qualification_retry');
      END IF;
      RETURN jsonb_build_object('outcome', 'not_qualified');
    END IF;
    v_role := 'qualification';
  ELSIF p_project.training_items > 0
        AND (SELECT count(*) FROM annotations a JOIN items ai ON ai.id = a.item_id
              WHERE a.project_id = p_project.id AND a.labeler_id = p_labeler
                AND ai.gold_role IS DISTINCT FROM 'qualification') < p_project.training_items
        AND EXISTS (SELECT 1 FROM items t WHERE t.project_id = p_project.id AND t.gold_role = 'training'
                       AND NOT EXISTS (SELECT 1 FROM slots m WHERE m.item_id = t.id AND m.labeler_id = p_labeler)
                       AND NOT EXISTS (SELECT 1 FROM skips k WHERE k.item_id = t.id AND k.labeler_id = p_labeler)) THEN
    v_role := 'training';
  -- Checks are mixed into real work: none is served once no real task is left for the labeler
  -- (else every labeler would answer every remaining check at the end of the project).
  ELSIF p_project.attention_rate > 0 AND random() < p_project.attention_rate
        AND EXISTS (SELECT 1 FROM rlhf_items_eligible_for(p_project.id, p_labeler) e
                     WHERE EXISTS (SELECT 1 FROM slots s WHERE s.item_id = e.id
                                      AND rlhf_slot_is_free(s.state, s.lease_expires_at))) THEN
    v_role := 'attention';
  ELSE
    RETURN '{}'::jsonb;
  END IF;

  SELECT i.id INTO v_item
    FROM items i
   WHERE i.project_id = p_project.id
     AND i.gold_role = v_role
     AND (i.gold_answer IS NOT NULL OR (v_role <> 'attention' AND p_project.kind = 'demonstration'))
     AND NOT EXISTS (SELECT 1 FROM slots mine WHERE mine.item_id = i.id AND mine.labeler_id = p_labeler)
     AND NOT EXISTS (SELECT 1 FROM skips k WHERE k.item_id = i.id AND k.labeler_id = p_labeler)
   ORDER BY i.priority DESC, i.seq
   LIMIT 1
   -- Serializes the slot-making of one item (NO KEY UPDATE, as a submit takes it).
   FOR NO KEY UPDATE OF i;
  IF NOT FOUND THEN
    -- Every qualification item answered (or skipped): the score is decided at the last submit,
    -- or waits for an admin's grades of demonstrations. Training or attention: nothing left of
    -- that kind, so the ordinary queue.
    IF v_role = 'qualification' THEN
      RETURN jsonb_build_object('outcome', 'qualification_pending');
    END IF;
    RETURN '{}'::jsonb;
  END IF;
  SELECT s.id INTO v_slot FROM slots s
   WHERE s.item_id = v_item AND rlhf_slot_is_free(s.state, s.lease_expires_at)
   ORDER BY s.index LIMIT 1 FOR UPDATE SKIP LOCKED;
  IF NOT FOUND THEN
    v_slot := gen_random_uuid();
    INSERT INTO slots (id, item_id, project_id, index)
    VALUES (v_slot, v_item, p_project.id, (SELECT coalesce(max(s.index) + 1, 0) FROM slots s WHERE s.item_id = v_item));
  END IF;
  RETURN jsonb_build_object('slot', v_slot);
END;
$$;
