-- DropIndex
DROP INDEX "items_project_id_status_priority_created_at_idx";

-- AlterTable
ALTER TABLE "items" ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE INDEX "items_project_id_status_priority_seq_idx" ON "items"("project_id", "status", "priority" DESC, "seq");

-- The queue serves by priority, then arrival order (seq), which follows the import file.
-- Claims a slot for a labeler, or returns the lease they already hold in the project.
-- Outcomes: task (with "task"), empty, not_member, paused, archived.
CREATE OR REPLACE FUNCTION rlhf_claim_task(p_project uuid, p_labeler uuid) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_project projects%ROWTYPE;
  v_lease leases%ROWTYPE;
  v_slot record;
  v_until timestamptz;
  v_lease_id uuid;
BEGIN
  SELECT * INTO v_project FROM projects WHERE id = p_project;
  -- Locks the membership row: one labeler claims in one project one call at a time.
  PERFORM 1 FROM memberships WHERE project_id = p_project AND user_id = p_labeler FOR UPDATE;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'not_member');
  END IF;
  IF v_project.status <> 'active' THEN
    RETURN jsonb_build_object('outcome', v_project.status::text);
  END IF;
  v_until := now() + make_interval(secs => v_project.lease_seconds);

  SELECT * INTO v_lease FROM leases
   WHERE project_id = p_project AND labeler_id = p_labeler AND state = 'active'
   LIMIT 1;
  IF FOUND THEN
    IF EXISTS (SELECT 1 FROM slots WHERE id = v_lease.slot_id AND state = 'leased' AND labeler_id = p_labeler) THEN
      UPDATE leases SET expires_at = v_until WHERE id = v_lease.id;
      UPDATE slots SET lease_expires_at = v_until WHERE id = v_lease.slot_id;
      RETURN jsonb_build_object('outcome', 'task', 'task', rlhf_task_view(v_lease.id));
    END IF;
    UPDATE leases SET state = 'expired', ended_at = now() WHERE id = v_lease.id;
  END IF;

  SELECT s.id, s.item_id, s.state INTO v_slot
    FROM items i
    JOIN slots s ON s.item_id = i.id
   WHERE i.project_id = p_project
     AND i.status = 'open'
     AND (s.state = 'open' OR (s.state = 'leased' AND s.lease_expires_at < now()))
     AND NOT EXISTS (SELECT 1 FROM slots mine WHERE mine.item_id = i.id AND mine.labeler_id = p_labeler)
     AND NOT EXISTS (SELECT 1 FROM skips k WHERE k.item_id = i.id AND k.labeler_id = p_labeler)
   ORDER BY i.priority DESC, i.seq, s.index
   LIMIT 1
   FOR UPDATE OF s SKIP LOCKED;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'empty');
  END IF;

  IF v_slot.state = 'leased' THEN
    -- Reclaiming an expired lease: its holder has lost it.
    UPDATE leases SET state = 'expired', ended_at = now() WHERE slot_id = v_slot.id AND state = 'active';
  END IF;
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
