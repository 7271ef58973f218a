-- Installs the current sources of these database functions, written by `npm run db:functions`
-- from prisma/sql/functions (the canonical sources: edit those, not this file).
-- This first one adds rlhf_lease_is_held, rlhf_slot_is_free, rlhf_items_eligible_for and
-- rlhf_extend_lease (each rule defined once) and makes the claim, the submit and the sweep use them.

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

-- "Eligible": the items of a project that may be served to this labeler. Open, with no slot
-- of theirs (answered or in hand: a labeler never gets two slots of one item) and not skipped
-- by them. A claim takes a free slot (rlhf_slot_is_free) of one of them; the labeler's
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
     AND NOT EXISTS (SELECT 1 FROM slots mine WHERE mine.item_id = i.id AND mine.labeler_id = p_labeler)
     AND NOT EXISTS (SELECT 1 FROM skips k WHERE k.item_id = i.id AND k.labeler_id = p_labeler)
$$;

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

-- "Free": a slot that a claim may take. Open, or leased past its expiry (the claim then ends
-- that lease as expired). Inlined by PostgreSQL like rlhf_lease_is_held.
CREATE OR REPLACE FUNCTION rlhf_slot_is_free(p_state "SlotState", p_lease_expires_at timestamptz)
RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT p_state = 'open' OR (p_state = 'leased' AND p_lease_expires_at < now())
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
                           ratings, flags, comment, time_spent_ms, display_order, guideline_version, idempotency_key)
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
    p_key);
  IF jsonb_typeof(p_answer->'rewrite') = 'object' THEN
    INSERT INTO completions (id, item_id, text, model, edited_from_id, annotation_id)
    VALUES (gen_random_uuid(), v_lease.item_id, p_answer->'rewrite'->>'text', 'human-rewrite',
            (p_answer->'rewrite'->>'completionId')::uuid, v_id);
  END IF;
  UPDATE leases SET state = 'submitted', ended_at = now() WHERE id = v_lease.id;
  UPDATE slots SET state = 'done', lease_expires_at = NULL WHERE id = v_lease.slot_id;
  IF NOT EXISTS (SELECT 1 FROM slots WHERE item_id = v_lease.item_id AND state <> 'done') THEN
    UPDATE items SET status = 'done' WHERE id = v_lease.item_id;
  END IF;
  DELETE FROM drafts WHERE item_id = v_lease.item_id AND labeler_id = p_labeler;
  -- A ranking changes the agreement of the item: hand back, read under the lock on the item taken
  -- above, every ranking of the item and the lengths of its completions, so that the caller can
  -- store the new stats with one guarded update (lib/server/agreement/item-stats-sql.ts).
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

-- The task as the labeler sees it (lib/server/queue/task-view.ts): completions in this
-- lease's display order, and the demonstration draft saved so far.
CREATE OR REPLACE FUNCTION rlhf_task_view(p_lease uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', l.id,
    'expiresAt', to_char(l.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'item', jsonb_build_object(
      'id', i.id,
      'messages', i.messages,
      'completions', COALESCE((
        SELECT jsonb_agg(jsonb_build_object('id', c.id, 'text', c.text) ORDER BY o.n)
          FROM unnest(l.display_order) WITH ORDINALITY AS o(completion_id, n)
          JOIN completions c ON c.id = o.completion_id::uuid), '[]'::jsonb)),
    'project', jsonb_build_object('slug', p.slug, 'kind', p.kind),
    'draft', (SELECT d.text FROM drafts d WHERE d.item_id = l.item_id AND d.labeler_id = l.labeler_id))
  FROM leases l
  JOIN items i ON i.id = l.item_id
  JOIN projects p ON p.id = l.project_id
  WHERE l.id = p_lease
$$;
