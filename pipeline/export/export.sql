-- The at-risk list for retention teams: scored customers of the chosen risk tiers at one as-of date,
-- highest value at risk first. Contact fields are included: this file goes to the people who call.
-- Parameters: $as_of DATE, $tiers VARCHAR[].
SELECT
  s.customer_id,
  c.name,
  c.email,
  c.phone,
  c.region,
  c.plan,
  s.risk_tier,
  round(s.churn_prob, 4)       AS churn_prob,
  s.value_tier,
  round(s.predicted_value, 2)  AS predicted_value,
  round(s.value_at_risk, 2)    AS value_at_risk,
  s.action,
  CAST(round(f.recency_days) AS INTEGER) AS days_since_last_purchase,
  s.reasons,
  s.reason_labels,
  strftime(s.as_of, '%Y-%m-%d') AS as_of,
  s.model_id
FROM scores s
JOIN customers c USING (customer_id)
LEFT JOIN features f ON f.customer_id = s.customer_id AND f.cutoff = s.as_of
WHERE s.as_of = CAST($as_of AS DATE)
  AND list_contains($tiers, s.risk_tier)
ORDER BY s.value_at_risk DESC, s.customer_id
