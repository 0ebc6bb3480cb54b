-- What the plan needs per scored customer at one date: the scores, the features behind the lifecycle
-- and RFM, historic spend for customers without a value prediction, the days to a contract's end, and
-- the bounds of churn and value (the plan's intervals).
-- Parameter: $as_of DATE.
SELECT s.customer_id,
       s.churn_prob,
       s.risk_tier,
       s.predicted_value,
       s.reasons,
       s.churn_low, s.churn_high, s.value_low, s.value_high,
       s.p_purchase_7,
       datediff('day', s.as_of, s.next_purchase) AS next_purchase_days,
       f.tenure_days,
       f.recency_days,
       f.frequency_total,
       f.monetary_total,
       -- A usual gap needs a repeat purchase day: several purchases on one day give none (plan-stage.ts
       -- then uses the population's typical gap), where gap_mean_days would be the time since that day.
       CASE WHEN f.rfm_frequency >= 1 THEN f.gap_mean_days END AS usual_gap_days,
       -- Subscriptions (features with a contract, feature-set.ts); plan-stage.ts puts NULL otherwise.
       /*{contract}*/CASE WHEN f.in_contract = 1 THEN f.months_to_contract_end * 30.4375 END/*{/contract}*/ AS days_to_contract_end
FROM scores s
JOIN features f ON f.customer_id = s.customer_id AND f.cutoff = s.as_of
WHERE s.as_of = CAST($as_of AS DATE)
ORDER BY s.customer_id
