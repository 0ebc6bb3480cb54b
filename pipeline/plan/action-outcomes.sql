-- One row per retention action (or control hold-out) whose follow-up window is fully observed: did the
-- customer buy within the window, and the net revenue (purchases less refunds) in it. Composed into
-- effect.sql and effect-outcomes.sql at {{outcomes}}.
-- Parameters: $horizon INTEGER (days), $observed_until DATE, $campaign VARCHAR (NULL: all).
SELECT a.action_id, a.customer_id, a.ts, a.action, a.campaign, a.is_control, a.contacted, a.accepted,
       count(e.event_id) FILTER (e.type = 'purchase') > 0 AS retained,
       coalesce(sum(e.amount) FILTER (e.type = 'purchase'), 0)
         - coalesce(sum(abs(e.amount)) FILTER (e.type = 'refund'), 0) AS revenue
FROM actions a
LEFT JOIN events e
  ON e.customer_id = a.customer_id AND e.ts > a.ts AND e.ts <= a.ts + to_days(CAST($horizon AS INTEGER))
WHERE a.ts + to_days(CAST($horizon AS INTEGER)) <= CAST($observed_until AS TIMESTAMP)
  AND ($campaign IS NULL OR a.campaign = $campaign)
GROUP BY ALL
