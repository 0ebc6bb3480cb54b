-- Outcomes of retention actions: for each action taken (or held out as control) whose follow-up window
-- is fully observed, did the customer buy within the window, and how much net revenue followed.
-- Parameters: $horizon INTEGER (days), $observed_until DATE, $campaign VARCHAR (NULL: all).
WITH a AS (
  SELECT * FROM actions
  WHERE ts + to_days(CAST($horizon AS INTEGER)) <= CAST($observed_until AS TIMESTAMP)
    AND ($campaign IS NULL OR campaign = $campaign)
),
outcome AS (
  SELECT a.action_id, a.action, a.is_control, a.contacted, a.accepted,
         count(e.event_id) FILTER (e.type = 'purchase') > 0 AS retained,
         coalesce(sum(e.amount) FILTER (e.type = 'purchase'), 0)
           - coalesce(sum(abs(e.amount)) FILTER (e.type = 'refund'), 0) AS revenue
  FROM a
  LEFT JOIN events e
    ON e.customer_id = a.customer_id AND e.ts > a.ts AND e.ts <= a.ts + to_days(CAST($horizon AS INTEGER))
  GROUP BY a.action_id, a.action, a.is_control, a.contacted, a.accepted
)
SELECT action, is_control,
       count(*) AS n,
       avg(CAST(retained AS DOUBLE)) AS retention,
       avg(revenue) AS revenue_mean,
       coalesce(var_samp(revenue), 0) AS revenue_var,
       avg(CAST(contacted AS DOUBLE)) AS contact_rate,  -- over the actions that report it
       avg(CAST(accepted AS DOUBLE)) AS accept_rate
FROM outcome
GROUP BY action, is_control
ORDER BY action, is_control
