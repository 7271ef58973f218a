-- "Held": the one definition of a lease whose labeler may still work on it (submit, skip,
-- heartbeat, draft, or get it back from a claim). The lease is active and its slot is still
-- leased to that labeler. A lease past its expiry stays held until a claim takes its slot or
-- the expiry sweep ends it (both set the lease to expired), so a labeler back from a short
-- break loses nothing. Used by rlhf_claim_task, rlhf_submit_annotation,
-- rlhf_release_expired_leases and lib/server/queue (held-lease.ts, release-leases.ts).
-- A plain AND of comparisons in LANGUAGE sql: PostgreSQL inlines it, so a query that calls it
-- plans as if the comparisons were written out (the leases index on state still applies).
CREATE OR REPLACE FUNCTION rlhf_lease_is_held(
  p_lease_state "LeaseState", p_lease_labeler uuid, p_slot_state "SlotState", p_slot_labeler uuid
) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT p_lease_state = 'active' AND p_slot_state = 'leased' AND p_slot_labeler = p_lease_labeler
$$;
