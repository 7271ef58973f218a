-- items.agreement_stats version 2 (lib/domain/agreement/item-stats.ts): named keys instead of
-- positional arrays. Rewrites the stored version-1 stats (no "version" key) in place, so that
-- reports stay complete right after the upgrade without a refresh pass; anything this misses
-- is of another version, counted stale and rewritten by the refresh.
--   labelers:     {id: [looPairs, looAgree, lengthPairs, longer]} -> {id: {looPairs, looAgree, lengthPairs, longer}}
--   winner, likert cells: [[a, b, weight], ...]                   -> {a: {b: weight}} (values by their text)
--   likertCounts: [n1, ..., n7] (index 0 = score 1)               -> {"1": n1, ..., "7": n7}
UPDATE items i
   SET agreement_stats = jsonb_build_object(
         'version', 2,
         'answers', s -> 'answers',
         'comparisons', s -> 'comparisons',
         'agreeing', s -> 'agreeing',
         'ties', s -> 'ties',
         'likertCounts', (SELECT jsonb_object_agg(score::text, coalesce(s -> 'likertCounts' -> (score - 1), '0'))
                            FROM generate_series(1, 7) score),
         'labelers', coalesce((SELECT jsonb_object_agg(l.key, jsonb_build_object(
                                        'looPairs', l.value -> 0, 'looAgree', l.value -> 1,
                                        'lengthPairs', l.value -> 2, 'longer', l.value -> 3))
                                 FROM jsonb_each(s -> 'labelers') l), '{}'))
       || (SELECT jsonb_object_agg(w.which, CASE WHEN jsonb_typeof(s -> w.which) = 'object' THEN jsonb_build_object(
                    'units', s -> w.which -> 'units',
                    'pairableUnits', s -> w.which -> 'pairableUnits',
                    'cells', coalesce((SELECT jsonb_object_agg(a, row)
                                         FROM (SELECT c ->> 0 AS a, jsonb_object_agg(c ->> 1, c -> 2) AS row
                                                 FROM jsonb_array_elements(s -> w.which -> 'cells') c GROUP BY 1) m), '{}'))
                    ELSE 'null' END)
             FROM (VALUES ('winner'), ('likert')) w(which))
  FROM (SELECT id, agreement_stats AS s FROM items
         WHERE jsonb_typeof(agreement_stats) = 'object' AND NOT agreement_stats ? 'version') old
 WHERE i.id = old.id;
