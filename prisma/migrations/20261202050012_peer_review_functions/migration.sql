-- Installs the current sources of these database functions, written by `npm run db:functions`
-- from prisma/sql/functions (the canonical sources: edit those, not this file).

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

-- Peer review (docs/QUALITY.md, "Review of demonstrations"): whether an answer is among the
-- share p_rate of a project's demonstrations sent to a reviewer. Deterministic: the first 32
-- bits of md5(answer id) read as a number in [0, 1), so the same answer is always in or out at a
-- given rate, and a rate of 1 takes every answer.
CREATE OR REPLACE FUNCTION rlhf_review_sampled(p_annotation uuid, p_rate double precision) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT p_rate >= 1 OR ('x' || substr(md5(p_annotation::text), 1, 8))::bit(32)::bigint / 4294967296.0 < p_rate
$$;

-- Stores one answer for the lease this labeler holds, exactly once (idempotency key). One
-- call is the whole submit (lib/server/queue/submit-annotation.ts, which has checked the
-- answer against the task first). p_answer holds the fields of CheckedAnswer
-- (lib/domain/answers.ts). Outcomes: stored, replayed (same key, same lease), key_reused,
-- not_found, lost (with "state"), archived.
CREATE OR REPLACE FUNCTION rlhf_submit_annotation(p_lease uuid, p_labeler uuid, p_key text, p_answer jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_lease leases%ROWTYPE;
  v_slot slots%ROWTYPE;
  v_existing annotations%ROWTYPE;
  v_version int;
  v_id uuid;
BEGIN
  SELECT * INTO v_lease FROM leases WHERE id = p_lease FOR UPDATE;
  IF NOT FOUND OR v_lease.labeler_id <> p_labeler THEN
    RETURN jsonb_build_object('outcome', 'not_found');
  END IF;
  -- Checked under the lease lock, so a retry racing the first attempt sees its answer.
  SELECT * INTO v_existing FROM annotations WHERE labeler_id = p_labeler AND idempotency_key = p_key;
  IF FOUND THEN
    IF v_existing.lease_id = p_lease THEN
      RETURN jsonb_build_object('outcome', 'replayed', 'annotationId', v_existing.id);
    END IF;
    RETURN jsonb_build_object('outcome', 'key_reused');
  END IF;
  -- An archived project takes no answers (its leases were released); a paused one still
  -- takes the answers of tasks in hand. Read after the replay check: an answer stored before
  -- the archive is still acknowledged to a retry.
  IF (SELECT status FROM projects WHERE id = v_lease.project_id) = 'archived' THEN
    RETURN jsonb_build_object('outcome', 'archived');
  END IF;
  SELECT * INTO v_slot FROM slots WHERE id = v_lease.slot_id;
  IF rlhf_lease_is_held(v_lease.state, v_lease.labeler_id, v_slot.state, v_slot.labeler_id) IS NOT TRUE THEN
    RETURN jsonb_build_object('outcome', 'lost', 'state', v_lease.state::text);
  END IF;

  -- Serializes the submits of one item so that the last one closes it. NO KEY UPDATE does
  -- not block claims (their new leases take only KEY SHARE on the item).
  PERFORM 1 FROM items WHERE id = v_lease.item_id FOR NO KEY UPDATE;
  SELECT guideline_version INTO v_version FROM projects WHERE id = v_lease.project_id;
  v_id := gen_random_uuid();
  INSERT INTO annotations (id, project_id, item_id, slot_id, lease_id, labeler_id, text, ranking, strength, tie_quality,
                           ratings, flags, comment, time_spent_ms, display_order, guideline_version, idempotency_key,
                           conversation_id)
  VALUES (
    v_id, v_lease.project_id, v_lease.item_id, v_lease.slot_id, v_lease.id, p_labeler,
    p_answer->>'text',
    NULLIF(p_answer->'ranking', 'null'::jsonb),
    (p_answer->>'strength')::int,
    p_answer->>'tie',
    NULLIF(p_answer->'ratings', 'null'::jsonb),
    NULLIF(p_answer->'flags', 'null'::jsonb),
    p_answer->>'comment',
    COALESCE((p_answer->>'timeSpentMs')::int, (extract(epoch FROM now() - v_lease.created_at) * 1000)::int),
    v_lease.display_order,
    v_version,
    p_key,
    -- A conversation's answer (lib/server/conversations/finish-conversation.ts): the conversation itself.
    (p_answer->>'conversationId')::uuid);
  IF jsonb_typeof(p_answer->'rewrite') = 'object' THEN
    INSERT INTO completions (id, item_id, text, model, edited_from_id, annotation_id)
    VALUES (gen_random_uuid(), v_lease.item_id, p_answer->'rewrite'->>'text', 'human-rewrite',
            (p_answer->'rewrite'->>'completionId')::uuid, v_id);
  END IF;
  UPDATE leases SET state = 'submitted', ended_at = now() WHERE id = v_lease.id;
  UPDATE slots SET state = 'done', lease_expires_at = NULL WHERE id = v_lease.slot_id;
  IF NOT EXISTS (SELECT 1 FROM slots WHERE item_id = v_lease.item_id AND state <> 'done') THEN
    UPDATE items SET status = 'done' WHERE id = v_lease.item_id;
  END IF;
  DELETE FROM drafts WHERE item_id = v_lease.item_id AND labeler_id = p_labeler;
  -- Peer review (docs/QUALITY.md, "Review of demonstrations"): a demonstration sampled at the
  -- project's review_rate waits for a reviewer, committed with the answer itself.
  INSERT INTO demonstration_reviews (id, annotation_id, project_id, author_id)
  SELECT gen_random_uuid(), v_id, p.id, p_labeler FROM projects p
   WHERE p.id = v_lease.project_id AND p.kind = 'demonstration' AND p.review_rate > 0
     AND rlhf_review_sampled(v_id, p.review_rate);
  -- A ranking changes the agreement of the item: hand back, read under the lock on the item taken
  -- above, every ranking of the item and the lengths of its completions, so that the caller can
  -- store the new stats with one guarded update (lib/server/agreement/item-stats-write-queries.ts).
  IF jsonb_typeof(p_answer->'ranking') = 'array' THEN
    RETURN jsonb_build_object('outcome', 'stored', 'annotationId', v_id, 'item', jsonb_build_object(
      'answers', (SELECT jsonb_agg(jsonb_build_object('id', a.id, 'labeler', a.labeler_id, 'ranking', a.ranking,
                                                      'ratings', a.ratings) ORDER BY a.created_at, a.id)
                    FROM annotations a WHERE a.item_id = v_lease.item_id AND a.ranking IS NOT NULL),
      'lengths', (SELECT jsonb_object_agg(c.id, length(c.text))
                    FROM completions c WHERE c.item_id = v_lease.item_id AND c.position IS NOT NULL)));
  END IF;
  RETURN jsonb_build_object('outcome', 'stored', 'annotationId', v_id);
END;
$$;
