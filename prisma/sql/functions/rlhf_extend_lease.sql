-- Extends a lease to a full lease period of its project from now, on the lease and on its
-- slot; returns the new expiry. The one "extend the lease": a heartbeat, a draft save, and a
-- claim that hands back the task in hand. Callers hold the lease's row lock and have checked
-- that it is held (rlhf_lease_is_held).
CREATE OR REPLACE FUNCTION rlhf_extend_lease(p_lease uuid) RETURNS timestamptz LANGUAGE plpgsql AS $$
DECLARE
  v_slot uuid;
  v_until timestamptz;
BEGIN
  UPDATE leases l SET expires_at = now() + make_interval(secs => p.lease_seconds)
    FROM projects p
   WHERE l.id = p_lease AND p.id = l.project_id
  RETURNING l.slot_id, l.expires_at INTO v_slot, v_until;
  UPDATE slots SET lease_expires_at = v_until WHERE id = v_slot;
  RETURN v_until;
END;
$$;
