-- Labelers change their own answers for a while (docs/GUIDE.md, "Changing an answer"): the
-- project's edit window, each answer's revision number, and the versions an edit replaced.
ALTER TABLE "projects" ADD COLUMN "edit_window_seconds" INTEGER NOT NULL DEFAULT 600;
ALTER TABLE "projects" ADD CONSTRAINT "projects_edit_window_seconds_check"
  CHECK ("edit_window_seconds" BETWEEN 0 AND 604800);

ALTER TABLE "annotations" ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN "edited_at" TIMESTAMPTZ(3);
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_revision_check" CHECK ("revision" >= 1);

CREATE TABLE "answer_revisions" (
    "id" UUID NOT NULL,
    "annotation_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "labeler_id" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "text" TEXT,
    "ranking" JSONB,
    "strength" INTEGER,
    "tie_quality" TEXT,
    "ratings" JSONB,
    "flags" JSONB,
    "rewrite" JSONB,
    "comment" TEXT,
    "time_spent_ms" INTEGER,
    "made_at" TIMESTAMPTZ(3) NOT NULL,
    "replaced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replaced_by_key" TEXT NOT NULL,

    CONSTRAINT "answer_revisions_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "answer_revisions_annotation_id_revision_key" ON "answer_revisions"("annotation_id", "revision");
CREATE UNIQUE INDEX "answer_revisions_labeler_id_replaced_by_key_key" ON "answer_revisions"("labeler_id", "replaced_by_key");
CREATE INDEX "answer_revisions_project_id_replaced_at_idx" ON "answer_revisions"("project_id", "replaced_at");

ALTER TABLE "answer_revisions" ADD CONSTRAINT "answer_revisions_annotation_id_fkey" FOREIGN KEY ("annotation_id") REFERENCES "annotations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "answer_revisions" ADD CONSTRAINT "answer_revisions_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "answer_revisions" ADD CONSTRAINT "answer_revisions_labeler_id_fkey" FOREIGN KEY ("labeler_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- "My recent answers": a labeler's answers, newest first.
CREATE INDEX "annotations_labeler_id_created_at_idx" ON "annotations"("labeler_id", "created_at");

-- The sources of these functions are prisma/sql/functions/rlhf_answer_is_final.sql and
-- rlhf_edit_annotation.sql (the canonical sources).
-- "Final": an answer submitted at p_submitted in project p_project can no longer be changed
-- by its labeler, whatever the edit window says, because an export of the project (started,
-- or done; not a failed one) began at or after that moment, so a dataset may already hold it.
-- Read by rlhf_edit_annotation (the refusal) and by the answer pages (the "locked" label).
CREATE OR REPLACE FUNCTION rlhf_answer_is_final(p_project uuid, p_submitted timestamptz)
RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM exports e
                  WHERE e.project_id = p_project AND e.status <> 'failed' AND e.created_at >= p_submitted)
$$;

-- Replaces a labeler's own answer with a new version, keeping the old one in answer_revisions
-- (lib/server/answers/edit-answer.ts, which has checked the answer against the task first).
-- The rules live here so that every way in obeys them: only the author (anyone else: not_found,
-- as for a missing answer); only while the project's edit window, counted from the first
-- submit, is open (window_closed); never once the answer is final (final): the project was
-- exported after the answer was submitted (docs/GUIDE.md, "Changing an answer"); never in an
-- archived project. One edit per Idempotency-Key: the same key again answers replayed.
-- Lock order as every writer of an item's answers: the item (NO KEY UPDATE), then the row.
CREATE OR REPLACE FUNCTION rlhf_edit_annotation(p_annotation uuid, p_labeler uuid, p_key text, p_answer jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_item uuid;
  v_ann annotations%ROWTYPE;
  v_project projects%ROWTYPE;
  v_until timestamptz;
BEGIN
  SELECT item_id INTO v_item FROM annotations WHERE id = p_annotation AND labeler_id = p_labeler;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'not_found');
  END IF;
  PERFORM 1 FROM items WHERE id = v_item FOR NO KEY UPDATE;
  SELECT * INTO v_ann FROM annotations WHERE id = p_annotation FOR UPDATE;
  IF NOT FOUND OR v_ann.labeler_id <> p_labeler THEN
    RETURN jsonb_build_object('outcome', 'not_found');
  END IF;
  -- Checked first, under the row lock: a retry of an edit that went through is acknowledged
  -- even after the window closed.
  IF EXISTS (SELECT 1 FROM answer_revisions WHERE labeler_id = p_labeler AND replaced_by_key = p_key) THEN
    IF EXISTS (SELECT 1 FROM answer_revisions
                WHERE labeler_id = p_labeler AND replaced_by_key = p_key AND annotation_id = p_annotation) THEN
      RETURN jsonb_build_object('outcome', 'replayed', 'revision', v_ann.revision, 'itemId', v_ann.item_id);
    END IF;
    RETURN jsonb_build_object('outcome', 'key_reused');
  END IF;
  IF EXISTS (SELECT 1 FROM annotations WHERE labeler_id = p_labeler AND idempotency_key = p_key) THEN
    RETURN jsonb_build_object('outcome', 'key_reused');
  END IF;
  SELECT * INTO v_project FROM projects WHERE id = v_ann.project_id;
  IF v_project.status = 'archived' THEN
    RETURN jsonb_build_object('outcome', 'archived');
  END IF;
  v_until := v_ann.created_at + make_interval(secs => v_project.edit_window_seconds);
  IF now() >= v_until THEN
    RETURN jsonb_build_object('outcome', 'window_closed', 'editableUntil', v_until);
  END IF;
  IF rlhf_answer_is_final(v_ann.project_id, v_ann.created_at) THEN
    RETURN jsonb_build_object('outcome', 'final');
  END IF;

  INSERT INTO answer_revisions (id, annotation_id, project_id, labeler_id, revision, text, ranking, strength, tie_quality,
                                ratings, flags, rewrite, comment, time_spent_ms, made_at, replaced_by_key)
  SELECT gen_random_uuid(), v_ann.id, v_ann.project_id, p_labeler, v_ann.revision, v_ann.text, v_ann.ranking,
         v_ann.strength, v_ann.tie_quality, v_ann.ratings, v_ann.flags,
         (SELECT jsonb_build_object('completionId', c.edited_from_id, 'text', c.text)
            FROM completions c WHERE c.annotation_id = v_ann.id),
         v_ann.comment, v_ann.time_spent_ms, coalesce(v_ann.edited_at, v_ann.created_at), p_key;
  UPDATE annotations SET
    text = p_answer->>'text',
    ranking = NULLIF(p_answer->'ranking', 'null'::jsonb),
    strength = (p_answer->>'strength')::int,
    tie_quality = p_answer->>'tie',
    ratings = NULLIF(p_answer->'ratings', 'null'::jsonb),
    flags = NULLIF(p_answer->'flags', 'null'::jsonb),
    comment = p_answer->>'comment',
    -- The time of every version together: what the answer cost.
    time_spent_ms = coalesce(time_spent_ms, 0) + coalesce((p_answer->>'timeSpentMs')::int, 0),
    guideline_version = v_project.guideline_version,
    revision = revision + 1,
    edited_at = now()
  WHERE id = v_ann.id;
  DELETE FROM completions WHERE annotation_id = v_ann.id;
  IF jsonb_typeof(p_answer->'rewrite') = 'object' THEN
    INSERT INTO completions (id, item_id, text, model, edited_from_id, annotation_id)
    VALUES (gen_random_uuid(), v_ann.item_id, p_answer->'rewrite'->>'text', 'human-rewrite',
            (p_answer->'rewrite'->>'completionId')::uuid, v_ann.id);
  END IF;
  RETURN jsonb_build_object('outcome', 'stored', 'revision', v_ann.revision + 1, 'itemId', v_ann.item_id);
END;
$$;
