-- name: matured_runs
-- Scoring dates whose churn window [as_of, as_of + H) has fully passed and that have no realised row yet.
SELECT strftime(s.as_of, '%Y-%m-%d') AS as_of, any_value(s.model_id) AS model_id, count(*) AS customers
FROM scores s
WHERE s.as_of + to_days(CAST($horizon AS INTEGER)) <= CAST($observed_until AS DATE)
  AND NOT EXISTS (SELECT 1 FROM realised r WHERE r.as_of = s.as_of AND r.model_id = s.model_id)
GROUP BY s.as_of
ORDER BY s.as_of;

-- name: pending
-- Scoring dates without a realised row whose churn window has not passed by $observed_until (the
-- run's as-of, or the day after the last event if that comes first): a later run measures them.
SELECT strftime(s.as_of, '%Y-%m-%d') AS as_of
FROM scores s
WHERE s.as_of + to_days(CAST($horizon AS INTEGER)) > CAST($observed_until AS DATE)
  AND NOT EXISTS (SELECT 1 FROM realised r WHERE r.as_of = s.as_of AND r.model_id = s.model_id)
GROUP BY s.as_of
ORDER BY s.as_of;

-- name: outcomes
-- What happened after one scoring date: churned as features.sql labels it (none of $churn_types in
-- [as_of, as_of + H), or one of them when $churn_on_event); spend = purchases and subscription
-- payments minus refunds in [as_of, as_of + value_days), as the value label. Under the cancellation
-- definition this counts cancellations, not lapses, and every scored customer, not only subscribers
-- (docs/subscriptions.md).
WITH p AS (SELECT CAST($as_of AS DATE) AS d, to_days(CAST($horizon AS INTEGER)) AS h, to_days(CAST($value_days AS INTEGER)) AS hv),
future AS (
  SELECT e.customer_id,
    count(*) FILTER (list_contains($churn_types::VARCHAR[], e.type) AND e.ts < p.d + p.h) AS churn_events,
    coalesce(sum(e.amount) FILTER (e.type IN ('purchase', 'payment') AND e.ts < p.d + p.hv), 0)
      - coalesce(sum(abs(e.amount)) FILTER (e.type = 'refund' AND e.ts < p.d + p.hv), 0) AS spend
  FROM events e, p
  WHERE e.ts >= p.d AND e.ts < p.d + greatest(p.h, p.hv)
  GROUP BY e.customer_id
)
SELECT s.churn_prob, s.predicted_value,
       CAST((coalesce(f.churn_events, 0) > 0) = $churn_on_event::BOOLEAN AS DOUBLE) AS churned,
       greatest(coalesce(f.spend, 0), 0) AS spend
FROM scores s
JOIN p ON s.as_of = p.d
LEFT JOIN future f ON f.customer_id = s.customer_id
WHERE s.model_id = $model_id
ORDER BY s.customer_id;

-- name: insert
INSERT INTO realised VALUES (
  CAST($as_of AS DATE), $model_id, CAST($computed_at AS TIMESTAMP), $run_id, $horizon, $value_days, $customers,
  $auc, $ece, $gini, $predicted_rate, $actual_rate);

-- name: history
SELECT strftime(as_of, '%Y-%m-%d') AS as_of, model_id, strftime(computed_at, '%Y-%m-%dT%H:%M:%SZ') AS computed_at,
       horizon_days, value_days, customers, auc, ece, gini, predicted_rate, actual_rate
FROM realised ORDER BY as_of, model_id;
