-- Installs the current sources of these database functions, written by `npm run db:functions`
-- from prisma/sql/functions (the canonical sources: edit those, not this file).

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
  -- Issue 16 (qual): a gold item with a role stays open: every labeler answers it (rlhf_quality_slot).
  IF NOT EXISTS (SELECT 1 FROM slots WHERE item_id = v_lease.item_id AND state <> 'done')
     AND (SELECT gold_role FROM items WHERE id = v_lease.item_id) IS NULL THEN
    UPDATE items SET status = 'done' WHERE id = v_lease.item_id;
  END IF;
  DELETE FROM drafts WHERE item_id = v_lease.item_id AND labeler_id = p_labeler;
  -- Peer review (docs/QUALITY.md, "Review of demonstrations"): a demonstration sampled at the
  -- project's review_rate waits for a reviewer, committed with the answer itself. Never a
  -- quality check (a gold item with a role): it is not data, and a qualification answer is
  -- graded by an admin, which a reviewer's edit must not get to first.
  INSERT INTO demonstration_reviews (id, annotation_id, project_id, author_id)
  SELECT gen_random_uuid(), v_id, p.id, p_labeler FROM projects p
   WHERE p.id = v_lease.project_id AND p.kind = 'demonstration' AND p.review_rate > 0
     AND rlhf_review_sampled(v_id, p.review_rate)
     AND NOT EXISTS (SELECT 1 FROM items gi WHERE gi.id = v_lease.item_id AND gi.gold_role IS NOT NULL);
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
