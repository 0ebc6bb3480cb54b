-- One row per action (or control hold-out) whose follow-up window is fully observed: whether the customer
-- bought in the window and his net revenue in it (action-outcomes.sql), with his segments from the plan of the
-- scoring date the action came from: the latest plan row for the customer on or before the action's day,
-- of the action's campaign when it names one, and that date's scores. Only what was known when the action
-- was taken; an action without such a plan row has NULL segments.
-- Parameters: $horizon INTEGER (days), $observed_until DATE, $campaign VARCHAR (NULL: all).
WITH outcome AS ({{outcomes}}),
linked AS (
  SELECT o.action_id, p.as_of, p.lifecycle, p.value_tier
  FROM outcome o
  JOIN plan p
    ON p.customer_id = o.customer_id AND p.as_of <= CAST(o.ts AS DATE)
   AND (o.campaign IS NULL OR p.campaign = o.campaign)
  QUALIFY row_number() OVER (PARTITION BY o.action_id ORDER BY p.as_of DESC) = 1
)
SELECT o.action_id, o.action, o.is_control, o.retained, o.revenue,
       l.lifecycle, l.value_tier, s.risk_tier, s.churn_prob, s.predicted_value
FROM outcome o
LEFT JOIN linked l ON l.action_id = o.action_id
LEFT JOIN scores s ON s.as_of = l.as_of AND s.customer_id = o.customer_id
ORDER BY o.action_id
