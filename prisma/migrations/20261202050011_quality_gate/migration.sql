-- Installs the current sources of these database functions, written by `npm run db:functions`
-- from prisma/sql/functions (the canonical sources: edit those, not this file).

-- Claims a slot for a labeler, or returns the lease they already hold in the project (a
-- refresh or a double click never takes a second slot). One call is the whole claim
-- (lib/server/queue/claim-next-task.ts). Serves by priority, then arrival order (seq).
-- Outcomes: task (with "task"), empty, not_member, paused, archived. A paused project still
-- hands back the task in hand so that it can be finished; an archived one nothing.
CREATE OR REPLACE FUNCTION rlhf_claim_task(p_project uuid, p_labeler uuid) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_project projects%ROWTYPE;
  v_lease leases%ROWTYPE;
  v_slot record;
  v_until timestamptz;
  v_lease_id uuid;
  v_gate jsonb;
BEGIN
  -- Locks the membership row: one labeler claims in one project one call at a time. An
  -- archive or a member removal takes these locks too, so the status is read after it: a
  -- claim never hands out a lease that a release in progress would miss.
  PERFORM 1 FROM memberships WHERE project_id = p_project AND user_id = p_labeler FOR UPDATE;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'not_member');
  END IF;
  SELECT * INTO v_project FROM projects WHERE id = p_project;
  -- Archived: all work has ended (the archive released every lease).
  IF v_project.status = 'archived' THEN
    RETURN jsonb_build_object('outcome', 'archived');
  END IF;

  SELECT * INTO v_lease FROM leases
   WHERE project_id = p_project AND labeler_id = p_labeler AND state = 'active'
   LIMIT 1;
  IF FOUND THEN
    IF EXISTS (SELECT 1 FROM slots s
                WHERE s.id = v_lease.slot_id
                  AND rlhf_lease_is_held(v_lease.state, v_lease.labeler_id, s.state, s.labeler_id)) THEN
      PERFORM rlhf_extend_lease(v_lease.id);
      RETURN jsonb_build_object('outcome', 'task', 'task', rlhf_task_view(v_lease.id));
    END IF;
    -- Still marked active, but its slot is no longer leased to this labeler: the lease is lost.
    UPDATE leases SET state = 'expired', ended_at = now() WHERE id = v_lease.id;
  END IF;
  -- Paused: the task in hand (above) comes back on a reload so that it can be finished,
  -- but nothing new is handed out.
  IF v_project.status = 'paused' THEN
    RETURN jsonb_build_object('outcome', 'paused');
  END IF;
  -- Issue 16 (qual): a draft project has not started (qualification required, no qualification items).
  IF v_project.status = 'draft' THEN
    RETURN jsonb_build_object('outcome', 'draft');
  END IF;
  -- Issue 16 (qual): the labeler's standing may refuse, or serve a gold item (rlhf_quality_slot).
  v_gate := rlhf_quality_slot(v_project, p_labeler);
  IF v_gate ? 'outcome' THEN
    RETURN v_gate;
  END IF;
  IF v_gate ? 'slot' THEN
    SELECT s.id, s.item_id, s.state INTO v_slot FROM slots s WHERE s.id = (v_gate->>'slot')::uuid;
  ELSE

  SELECT s.id, s.item_id, s.state INTO v_slot
    FROM rlhf_items_eligible_for(p_project, p_labeler) i
    JOIN slots s ON s.item_id = i.id
   WHERE rlhf_slot_is_free(s.state, s.lease_expires_at)
   ORDER BY i.priority DESC, i.seq, s.index
   LIMIT 1
   FOR UPDATE OF s SKIP LOCKED;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'empty');
  END IF;
  END IF; -- issue 16 (qual): end of the ordinary queue

  IF v_slot.state = 'leased' THEN
    -- Taking a slot whose lease expired: its holder has lost it.
    UPDATE leases SET state = 'expired', ended_at = now() WHERE slot_id = v_slot.id AND state = 'active';
  END IF;
  v_until := now() + make_interval(secs => v_project.lease_seconds);
  UPDATE slots SET state = 'leased', labeler_id = p_labeler, lease_expires_at = v_until WHERE id = v_slot.id;
  v_lease_id := gen_random_uuid();
  INSERT INTO leases (id, slot_id, item_id, project_id, labeler_id, state, display_order, expires_at)
  VALUES (
    v_lease_id, v_slot.id, v_slot.item_id, p_project, p_labeler, 'active',
    -- A fresh random order per lease: position bias is measured against it.
    ARRAY(SELECT c.id::text FROM completions c WHERE c.item_id = v_slot.item_id AND c.position IS NOT NULL ORDER BY random()),
    v_until);
  RETURN jsonb_build_object('outcome', 'task', 'task', rlhf_task_view(v_lease_id));
END;
$$;

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

-- Issue 16 (docs/QUALITY.md): what the labeler's standing in the project lets the claim serve.
-- Called by rlhf_claim_task under the membership lock, before the ordinary queue. Answers
-- {} (serve the ordinary queue), {"outcome": ...} (serve nothing: labeler_paused,
-- not_qualified, qualification_retry, qualification_pending), or {"slot": id} (a free slot of
-- a gold item: qualification first, then training, then an attention check at the project's
-- rate). Gold items with a role are served outside the overlap: every labeler answers them,
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
  IF NOT (p_project.qualification_required OR p_project.training_items > 0 OR p_project.attention_rate > 0) THEN
    RETURN '{}'::jsonb;
  END IF;
  SELECT * INTO v_standing FROM labeler_standings WHERE project_id = p_project.id AND labeler_id = p_labeler;
  IF v_standing.paused THEN
    RETURN jsonb_build_object('outcome', 'labeler_paused');
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
  ELSIF p_project.attention_rate > 0 AND random() < p_project.attention_rate THEN
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
