-- "Free": a slot that a claim may take. Open, or leased past its expiry (the claim then ends
-- that lease as expired). Inlined by PostgreSQL like rlhf_lease_is_held.
CREATE OR REPLACE FUNCTION rlhf_slot_is_free(p_state "SlotState", p_lease_expires_at timestamptz)
RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT p_state = 'open' OR (p_state = 'leased' AND p_lease_expires_at < now())
$$;
