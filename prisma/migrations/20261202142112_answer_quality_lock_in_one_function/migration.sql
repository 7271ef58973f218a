-- Installs the current sources of these database functions, written by `npm run db:functions`
-- from prisma/sql/functions (the canonical sources: edit those, not this file).

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

-- Replaces a labeler's own answer with a new version, keeping the old one in answer_revisions
-- (lib/server/answers/edit-answer.ts, which has checked the answer against the task first).
-- The rules live here so that every way in obeys them: only the author (anyone else: not_found,
-- as for a missing answer); only while the project's edit window, counted from the first
-- submit, is open (window_closed); never once the answer is final (final): the project was
-- exported after the answer was submitted (docs/GUIDE.md, "Changing an answer"); never in an
-- archived project; only while the labeler is still a member of the project (a removed member's
-- answers look missing); at most 20 versions of one answer (too_many_edits). One edit per
-- Idempotency-Key: the same key again answers replayed.
-- Lock order as every writer of an item's answers: the item (NO KEY UPDATE), then the row, then
-- the project (SHARE): an export takes the project row NO KEY UPDATE while it records itself
-- (lib/server/export/record-export.ts), so an edit in flight finishes before an export starts
-- and an edit after it sees the export and is refused as final.
CREATE OR REPLACE FUNCTION rlhf_edit_annotation(p_annotation uuid, p_labeler uuid, p_key text, p_answer jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_item uuid;
  v_ann annotations%ROWTYPE;
  v_project projects%ROWTYPE;
  v_until timestamptz;
  v_quality_lock text;
BEGIN
  SELECT a.item_id INTO v_item FROM annotations a
   WHERE a.id = p_annotation AND a.labeler_id = p_labeler
     AND EXISTS (SELECT 1 FROM memberships m WHERE m.project_id = a.project_id AND m.user_id = p_labeler);
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'not_found');
  END IF;
  PERFORM 1 FROM items WHERE id = v_item FOR NO KEY UPDATE;
  SELECT * INTO v_ann FROM annotations WHERE id = p_annotation FOR UPDATE;
  IF NOT FOUND OR v_ann.labeler_id <> p_labeler THEN
    RETURN jsonb_build_object('outcome', 'not_found');
  END IF;
  -- Checked first, under the row lock: a retry of an edit that went through is acknowledged
  -- even after the window closed.
  IF EXISTS (SELECT 1 FROM answer_revisions WHERE labeler_id = p_labeler AND replaced_by_key = p_key) THEN
    IF EXISTS (SELECT 1 FROM answer_revisions
                WHERE labeler_id = p_labeler AND replaced_by_key = p_key AND annotation_id = p_annotation) THEN
      RETURN jsonb_build_object('outcome', 'replayed', 'revision', v_ann.revision, 'itemId', v_ann.item_id);
    END IF;
    RETURN jsonb_build_object('outcome', 'key_reused');
  END IF;
  IF EXISTS (SELECT 1 FROM annotations WHERE labeler_id = p_labeler AND idempotency_key = p_key) THEN
    RETURN jsonb_build_object('outcome', 'key_reused');
  END IF;
  SELECT * INTO v_project FROM projects WHERE id = v_ann.project_id FOR SHARE;
  IF v_project.status = 'archived' THEN
    RETURN jsonb_build_object('outcome', 'archived');
  END IF;
  v_until := v_ann.created_at + make_interval(secs => v_project.edit_window_seconds);
  IF now() >= v_until THEN
    RETURN jsonb_build_object('outcome', 'window_closed', 'editableUntil', v_until);
  END IF;
  IF rlhf_answer_is_final(v_ann.project_id, v_ann.created_at) THEN
    RETURN jsonb_build_object('outcome', 'final');
  END IF;
  -- Peer review: once a reviewer has decided on an answer, the verdict is about that text and
  -- the author may no longer change it (docs/QUALITY.md, "Review of demonstrations").
  IF EXISTS (SELECT 1 FROM demonstration_reviews WHERE annotation_id = v_ann.id AND status <> 'pending') THEN
    RETURN jsonb_build_object('outcome', 'reviewed');
  END IF;
  -- Issue 16 (docs/QUALITY.md): the quality program made the answer final. Trained: the labeler
  -- was shown its gold answer (changed to match it, it would raise their gold accuracy, which
  -- weighs their votes under the weighted overlap rule). Qualification: their qualification was
  -- decided with it.
  v_quality_lock := rlhf_answer_quality_lock(v_ann.id);
  IF v_quality_lock = 'trained' THEN
    RETURN jsonb_build_object('outcome', 'trained');
  END IF;
  IF v_quality_lock = 'qualification' THEN
    RETURN jsonb_build_object('outcome', 'qualification_decided');
  END IF;
  IF v_ann.revision >= 20 THEN
    RETURN jsonb_build_object('outcome', 'too_many_edits');
  END IF;

  INSERT INTO answer_revisions (id, annotation_id, project_id, labeler_id, revision, text, ranking, strength, tie_quality,
                                ratings, flags, rewrite, comment, time_spent_ms, made_at, replaced_by_key)
  SELECT gen_random_uuid(), v_ann.id, v_ann.project_id, p_labeler, v_ann.revision, v_ann.text, v_ann.ranking,
         v_ann.strength, v_ann.tie_quality, v_ann.ratings, v_ann.flags,
         (SELECT jsonb_build_object('completionId', c.edited_from_id, 'text', c.text)
            FROM completions c WHERE c.annotation_id = v_ann.id),
         v_ann.comment, v_ann.time_spent_ms, coalesce(v_ann.edited_at, v_ann.created_at), p_key;
  UPDATE annotations SET
    text = p_answer->>'text',
    ranking = NULLIF(p_answer->'ranking', 'null'::jsonb),
    strength = (p_answer->>'strength')::int,
    tie_quality = p_answer->>'tie',
    ratings = NULLIF(p_answer->'ratings', 'null'::jsonb),
    flags = NULLIF(p_answer->'flags', 'null'::jsonb),
    comment = p_answer->>'comment',
    -- The time of every version together: what the answer cost.
    time_spent_ms = LEAST(coalesce(time_spent_ms, 0)::bigint + coalesce((p_answer->>'timeSpentMs')::int, 0), 2147483647),
    guideline_version = v_project.guideline_version,
    revision = revision + 1,
    edited_at = now()
  WHERE id = v_ann.id;
  DELETE FROM completions WHERE annotation_id = v_ann.id;
  IF jsonb_typeof(p_answer->'rewrite') = 'object' THEN
    INSERT INTO completions (id, item_id, text, model, edited_from_id, annotation_id)
    VALUES (gen_random_uuid(), v_ann.item_id, p_answer->'rewrite'->>'text', 'human-rewrite',
            (p_answer->'rewrite'->>'completionId')::uuid, v_ann.id);
  END IF;
  RETURN jsonb_build_object('outcome', 'stored', 'revision', v_ann.revision + 1, 'itemId', v_ann.item_id);
END;
$$;
