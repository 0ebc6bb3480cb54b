-- The at-risk list: scored customers of one date with their plan, filtered, in a fixed order:
-- contacted customers by priority, then the control group, then the rest, each by value at risk.
-- Parameters: $as_of DATE; $tiers, $segments, $actions, $channels VARCHAR[] (empty: no filter); $limit.
SELECT
  s.customer_id, c.name, c.email, c.phone, c.region, c.plan,
  p.segment, p.lifecycle, p.value_tier,
  s.churn_prob, s.churn_low, s.churn_high, s.risk_tier, s.predicted_value, s.value_at_risk, s.value_low, s.value_high,
  strftime(s.next_purchase, '%Y-%m-%d') AS next_purchase, s.p_purchase_30,
  s.reason_labels,
  p.action, p.channel, p.priority, strftime(p.due_date, '%Y-%m-%d') AS due_date, p.control,
  strftime(s.as_of, '%Y-%m-%d') AS as_of, s.model_id
FROM scores s
JOIN customers c USING (customer_id)
JOIN plan p ON p.customer_id = s.customer_id AND p.as_of = s.as_of
WHERE s.as_of = CAST($as_of AS DATE)
  AND (len($tiers) = 0 OR list_contains($tiers, s.risk_tier))
  AND (len($segments) = 0 OR list_contains($segments, p.segment))
  AND (len($actions) = 0 OR list_contains($actions, p.action))
  AND (len($channels) = 0 OR list_contains($channels, p.channel))
ORDER BY
  CASE WHEN p.priority IS NOT NULL THEN 0 WHEN p.control THEN 1 ELSE 2 END,
  p.priority,
  s.value_at_risk DESC,
  s.customer_id
LIMIT $limit
