-- A TriggerFired event records the trigger that fired and when, as they were then (a post's
-- trigger may be cleared or replaced afterwards). Events logged before: setting or clearing a
-- trigger resets the post's triggerFiredAt, so a post whose triggerFiredAt is still set has the
-- trigger that fired last, and its latest TriggerFired event gets it. Earlier ones cannot be known.
-- (No semicolon in these comments: the migrator splits statements on it.)
UPDATE "EventLog" AS e SET "payload" = e."payload" || jsonb_build_object(
  'trigger', jsonb_build_object(
    'metric', p."triggerMetric",
    'comparison', p."triggerComparison",
    'value', p."triggerValue",
    'durationSeconds', p."triggerDurationSeconds",
    'action', COALESCE(p."triggerAction", '')),
  'firedAt', to_char(p."triggerFiredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
FROM "Post" AS p
WHERE e."type" = 'TriggerFired'
  AND NOT (e."payload" ? 'trigger')
  AND p."id" = e."payload"->>'postId'
  AND p."triggerFiredAt" IS NOT NULL
  AND p."triggerMetric" IS NOT NULL
  AND e."sequence" = (SELECT MAX(l."sequence") FROM "EventLog" AS l
    WHERE l."campaignId" = e."campaignId" AND l."type" = 'TriggerFired' AND l."payload"->>'postId' = p."id");
