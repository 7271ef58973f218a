-- CreateIndex
CREATE INDEX "leases_state_expires_at_idx" ON "leases"("state", "expires_at");

-- Gives the slots of expired leases back (the claim path also reclaims them one by one as it
-- meets them; this sweep makes sure none stays leased long after its expiry). Locks are
-- taken with SKIP LOCKED on both rows, so a submit or a claim holding either is never
-- waited for (and no lock-order deadlock is possible); what it skips, the next sweep takes.
CREATE OR REPLACE FUNCTION rlhf_release_expired_leases(p_project uuid DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_count integer;
BEGIN
  WITH expired AS (
    SELECT l.id AS lease_id, s.id AS slot_id
      FROM leases l JOIN slots s ON s.id = l.slot_id
     WHERE l.state = 'active' AND l.expires_at < now() AND (p_project IS NULL OR l.project_id = p_project)
       AND s.state = 'leased' AND s.labeler_id = l.labeler_id AND s.lease_expires_at < now()
     LIMIT 10000
       FOR UPDATE OF l, s SKIP LOCKED
  ), ended AS (
    UPDATE leases l SET state = 'expired', ended_at = now() FROM expired e WHERE l.id = e.lease_id RETURNING e.slot_id
  )
  UPDATE slots s SET state = 'open', labeler_id = NULL, lease_expires_at = NULL FROM ended WHERE s.id = ended.slot_id;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END;
$$;
