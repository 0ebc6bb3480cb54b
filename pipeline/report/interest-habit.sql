-- Interest and habit segments of one scoring run, from the features snapshot at the as-of date
-- (top_category, night_share_365, weekend_share_365): customers, summed churn probability, predicted
-- value and value at risk per segment. The habit rules' thresholds come from habits.ts.

-- name: habit
-- Parameters: $as_of DATE, $night DOUBLE, $weekend DOUBLE. The shares are 0 for a customer without
-- activity, so "no activity" is read from the events the shares count (feature-fragments.sql
-- habits_cte: the customer's own events in event_links, i.e. not email_open, ticket_resolved,
-- care_contact or refund).
WITH active AS (
  SELECT DISTINCT customer_id FROM events
  WHERE ts < CAST($as_of AS TIMESTAMP) AND ts >= CAST($as_of AS TIMESTAMP) - INTERVAL 365 DAY
    AND type NOT IN ('email_open', 'ticket_resolved', 'care_contact', 'refund')
)
SELECT CASE WHEN a.customer_id IS NULL OR f.night_share_365 IS NULL THEN 'no_activity'
            WHEN f.night_share_365 >= $night THEN 'night_owl'
            WHEN f.weekend_share_365 >= $weekend THEN 'weekend_shopper'
            ELSE 'weekday_daytime' END AS segment,
       count(*) AS customers, sum(s.churn_prob) AS churn_sum,
       sum(s.predicted_value) AS predicted_value, sum(s.value_at_risk) AS value_at_risk
FROM scores s JOIN features f ON f.customer_id = s.customer_id AND f.cutoff = s.as_of
LEFT JOIN active a ON a.customer_id = s.customer_id
WHERE s.as_of = CAST($as_of AS DATE)
GROUP BY 1 ORDER BY 1;

-- name: interest
-- Parameters: $as_of DATE. A NULL segment: no category among the customer's purchases.
SELECT f.top_category AS segment,
       count(*) AS customers, sum(s.churn_prob) AS churn_sum,
       sum(s.predicted_value) AS predicted_value, sum(s.value_at_risk) AS value_at_risk
FROM scores s JOIN features f ON f.customer_id = s.customer_id AND f.cutoff = s.as_of
WHERE s.as_of = CAST($as_of AS DATE)
GROUP BY 1 ORDER BY 2 DESC, 1;
