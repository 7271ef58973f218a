-- Peer review (docs/QUALITY.md, "Review of demonstrations"): whether an answer is among the
-- share p_rate of a project's demonstrations sent to a reviewer. Deterministic: the first 32
-- bits of md5(answer id) read as a number in [0, 1), so the same answer is always in or out at a
-- given rate, and a rate of 1 takes every answer.
CREATE OR REPLACE FUNCTION rlhf_review_sampled(p_annotation uuid, p_rate double precision) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT p_rate >= 1 OR ('x' || substr(md5(p_annotation::text), 1, 8))::bit(32)::bigint / 4294967296.0 < p_rate
$$;
