-- The customers who get a detail page: the first $n of the at-risk list (risk tier in $tiers, most
-- value at risk first, the order of at-risk.json), with their plan row and current scores, and their
-- purchase days before $as_of (BG/NBD's x + 1: with one, P(alive) is 1 by construction).
-- Parameters: $as_of DATE, $tiers VARCHAR[], $n INTEGER.
WITH top AS (
  SELECT s.customer_id, c.name, c.email, c.phone, c.region, c.plan, c.channel AS acquisition,
         strftime(c.signup_date, '%Y-%m-%d') AS signup_date,
         s.risk_tier, s.churn_prob, s.predicted_value, s.value_at_risk, s.reason_labels, s.p_alive,
         s.p_alive_low, s.p_alive_high, s.value_low, s.value_high, s.churn_low, s.churn_high,
         s.interval_level, s.p_purchase_30,
         strftime(s.next_purchase, '%Y-%m-%d') AS next_purchase,
         strftime(s.next_purchase_low, '%Y-%m-%d') AS next_purchase_low,
         strftime(s.next_purchase_high, '%Y-%m-%d') AS next_purchase_high,
         p.value_tier, p.segment, p.lifecycle, p.action, p.channel, p.priority, p.control,
         strftime(p.due_date, '%Y-%m-%d') AS due_date
  FROM scores s
  JOIN customers c USING (customer_id)
  LEFT JOIN plan p ON p.customer_id = s.customer_id AND p.as_of = s.as_of
  WHERE s.as_of = CAST($as_of AS DATE) AND list_contains($tiers, s.risk_tier)
  ORDER BY s.value_at_risk DESC, s.customer_id
  LIMIT $n
),
purchase_days AS (
  SELECT e.customer_id, count(DISTINCT CAST(e.ts AS DATE)) AS days
  FROM events e
  JOIN top USING (customer_id)
  WHERE e.type = 'purchase' AND e.ts < CAST($as_of AS TIMESTAMP)
  GROUP BY 1
)
SELECT top.*, coalesce(d.days, 0) AS purchase_days
FROM top
LEFT JOIN purchase_days d USING (customer_id)
ORDER BY top.value_at_risk DESC, top.customer_id
