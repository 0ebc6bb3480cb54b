-- What the plan needs per scored customer at one date: the scores, the features behind the lifecycle
-- and RFM, and historic spend for customers without a value prediction. Parameter: $as_of DATE.
SELECT s.customer_id,
       s.churn_prob,
       s.risk_tier,
       s.predicted_value,
       s.reasons,
       f.tenure_days,
       f.recency_days,
       f.frequency_total,
       f.monetary_total,
       CASE WHEN f.frequency_total >= 2 THEN f.gap_mean_days END AS usual_gap_days
FROM scores s
JOIN features f ON f.customer_id = s.customer_id AND f.cutoff = s.as_of
WHERE s.as_of = CAST($as_of AS DATE)
ORDER BY s.customer_id
