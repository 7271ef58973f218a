-- The task as the labeler sees it (lib/server/queue/task-view.ts): completions in this
-- lease's display order, and the draft saved so far: the demonstration's text, a comparison's
-- or ranking's answer in progress, and the time spent on the task; when the project shows judge
-- suggestions (docs/JUDGES.md), the latest consistent verdict on the item (read only then: a
-- project without them pays nothing on its claims).
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
          JOIN completions c ON c.id = o.completion_id::uuid), '[]'::jsonb),
      -- A review of production feedback (docs/FEEDBACK.md): the demonstration starts from the reply.
      'fromFeedback', i.metadata ? 'feedback'),
    'project', jsonb_build_object('slug', p.slug, 'kind', p.kind),
    'draft', (SELECT NULLIF(d.text, '') FROM drafts d WHERE d.item_id = l.item_id AND d.labeler_id = l.labeler_id),
    'answerDraft', (SELECT d.answer FROM drafts d WHERE d.item_id = l.item_id AND d.labeler_id = l.labeler_id),
    'timeSpentMs', COALESCE((SELECT d.time_spent_ms FROM drafts d
                              WHERE d.item_id = l.item_id AND d.labeler_id = l.labeler_id), 0))
  || CASE WHEN p.show_judge_suggestions AND p.kind IN ('comparison', 'ranking') THEN COALESCE((
       SELECT jsonb_build_object('judgeSuggestion',
                jsonb_build_object('judge', j.name, 'ranking', a.ranking, 'rationale', a.rationale))
         FROM judge_annotations a JOIN judges j ON j.id = a.judge_id
        WHERE a.item_id = i.id AND a.consistent AND jsonb_typeof(a.ranking) = 'array'
        ORDER BY a.created_at DESC LIMIT 1), '{}'::jsonb)
     ELSE '{}'::jsonb END
  FROM leases l
  JOIN items i ON i.id = l.item_id
  JOIN projects p ON p.id = l.project_id
  WHERE l.id = p_lease
$$;
