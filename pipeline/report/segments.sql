-- Customers of one scoring run by plan segment columns, with their value: one row per
-- (r_score, f_score, segment, lifecycle, value_tier, risk_tier). The publisher rolls it up per view.
-- Parameters: $as_of DATE.
SELECT p.r_score, p.f_score, p.segment, p.lifecycle, p.value_tier, s.risk_tier,
       count(*) AS customers, sum(p.m_score) AS m_score_sum,
       sum(s.predicted_value) AS predicted_value, sum(s.value_at_risk) AS value_at_risk
FROM plan p
JOIN scores s ON s.customer_id = p.customer_id AND s.as_of = p.as_of
WHERE p.as_of = CAST($as_of AS DATE)
GROUP BY ALL
ORDER BY ALL
