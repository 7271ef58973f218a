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
