-- Records a generated completion for a generation request (lib/server/generation/run-request.ts)
-- in one call: the worker's write path is this one round trip. Under the item's lock (every
-- writer of an item's completions takes it), the completion gets the next position (positions
-- stay 0..n-1 per item) unless its generation key exists already or the item has the project's
-- maximum; then the request is finished and counted on its job, and the job ends with its last
-- request. Lock order: item, request, job (resume locks requests before the job, too).
-- Returns 'done', 'skipped' (nothing added) or 'ignored' (the request was no longer pending).
CREATE OR REPLACE FUNCTION rlhf_record_generation(
  p_task uuid, p_completion uuid, p_text text, p_label text, p_key text, p_endpoint_name text,
  p_model text, p_served_model text, p_params jsonb, p_finish_reason text, p_latency_ms integer,
  p_prompt_tokens integer, p_completion_tokens integer
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_task generation_tasks%ROWTYPE;
  v_count integer;
  v_next integer;
  v_max integer;
  v_skip text;
BEGIN
  SELECT * INTO v_task FROM generation_tasks WHERE id = p_task;
  IF NOT FOUND THEN
    RETURN 'ignored';
  END IF;
  PERFORM 1 FROM items WHERE id = v_task.item_id FOR NO KEY UPDATE;
  -- Finished meanwhile by another run of this request (or given up on): nothing to add.
  PERFORM 1 FROM generation_tasks WHERE id = p_task AND status = 'pending' FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 'ignored';
  END IF;
  SELECT count(*), coalesce(max(c.position) + 1, 0) INTO v_count, v_next
    FROM completions c WHERE c.item_id = v_task.item_id AND c.position IS NOT NULL;
  SELECT p.max_completions INTO v_max FROM items i JOIN projects p ON p.id = i.project_id WHERE i.id = v_task.item_id;
  IF EXISTS (SELECT 1 FROM completion_generations WHERE generation_key = p_key) THEN
    v_skip := 'the completion exists already';
  ELSIF v_count >= v_max THEN
    v_skip := 'the item has the project''s maximum number of completions';
  END IF;

  IF v_skip IS NULL THEN
    INSERT INTO completions (id, item_id, position, text, model)
    VALUES (p_completion, v_task.item_id, v_next, p_text, p_label);
    INSERT INTO completion_generations (completion_id, generation_key, job_id, endpoint_id, endpoint_name, model,
                                        served_model, params, finish_reason, latency_ms, prompt_tokens, completion_tokens)
    VALUES (p_completion, p_key, v_task.job_id, v_task.endpoint_id, p_endpoint_name, p_model, p_served_model,
            p_params, p_finish_reason, p_latency_ms, p_prompt_tokens, p_completion_tokens);
  END IF;

  UPDATE generation_tasks
     SET status = CASE WHEN v_skip IS NULL THEN 'done' ELSE 'skipped' END::"GenerationTaskStatus",
         completion_id = CASE WHEN v_skip IS NULL THEN p_completion END,
         attempts = attempts + 1, error_kind = NULL, error = v_skip, updated_at = now()
   WHERE id = p_task;

  UPDATE generation_jobs SET
      pending = pending - 1,
      completions = completions + CASE WHEN v_skip IS NULL THEN 1 ELSE 0 END,
      skipped = skipped + CASE WHEN v_skip IS NULL THEN 0 ELSE 1 END,
      prompt_tokens = prompt_tokens + CASE WHEN v_skip IS NULL THEN coalesce(p_prompt_tokens, 0) ELSE 0 END,
      completion_tokens = completion_tokens + CASE WHEN v_skip IS NULL THEN coalesce(p_completion_tokens, 0) ELSE 0 END,
      status = CASE WHEN pending - 1 > 0 OR status NOT IN ('queued', 'running') THEN status
                    WHEN completions = 0 AND v_skip IS NOT NULL AND failed > 0 THEN 'failed'::"GenerationStatus"
                    ELSE 'completed'::"GenerationStatus" END,
      error = CASE WHEN pending - 1 = 0 AND status IN ('queued', 'running') AND completions = 0
                        AND v_skip IS NOT NULL AND failed > 0
                   THEN 'every request failed: see the errors of its items' ELSE error END,
      finished_at = CASE WHEN pending - 1 = 0 AND status IN ('queued', 'running') THEN now() ELSE finished_at END,
      updated_at = now()
   WHERE id = v_task.job_id;
  RETURN CASE WHEN v_skip IS NULL THEN 'done' ELSE 'skipped' END;
END;
$$;
