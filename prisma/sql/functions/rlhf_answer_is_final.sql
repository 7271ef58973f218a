-- "Final": an answer submitted at p_submitted in project p_project can no longer be changed
-- by its labeler, whatever the edit window says, because an export of the project (started,
-- or done; not a failed one) began at or after that moment, so a dataset may already hold it.
-- Read by rlhf_edit_annotation (the refusal) and by the answer pages (the "locked" label).
CREATE OR REPLACE FUNCTION rlhf_answer_is_final(p_project uuid, p_submitted timestamptz)
RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM exports e
                  WHERE e.project_id = p_project AND e.status <> 'failed' AND e.created_at >= p_submitted)
$$;
