-- The expiry sweep: ends held leases past their expiry and gives their slots back (claims
-- also take such a slot when they meet it; this makes sure none stays leased long after its
-- expiry). Locks are taken with SKIP LOCKED on both rows, so a submit or a claim holding
-- either is never waited for (and no lock-order deadlock is possible); what it skips, the next
-- sweep takes. Every app process runs it every LEASE_SWEEP_SECONDS
-- (lib/server/queue/lease-sweeper.ts). Returns how many slots it gave back.
CREATE OR REPLACE FUNCTION rlhf_release_expired_leases(p_project uuid DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_count integer;
BEGIN
  WITH expired AS (
    SELECT l.id AS lease_id, s.id AS slot_id
      FROM leases l JOIN slots s ON s.id = l.slot_id
     WHERE rlhf_lease_is_held(l.state, l.labeler_id, s.state, s.labeler_id)
       AND l.expires_at < now() AND s.lease_expires_at < now()
       AND (p_project IS NULL OR l.project_id = p_project)
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
