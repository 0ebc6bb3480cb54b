-- Customers of one scoring run by attribute level (the temp view attribute_levels, attribute-levels.ts):
-- one row per (attribute, level) with customers, summed churn probability, predicted value and value
-- at risk; customers without a value are the level '__missing__'. Parameters: $as_of DATE, $names VARCHAR[].
WITH names AS (SELECT unnest($names) AS name),
s AS (SELECT customer_id, churn_prob, predicted_value, value_at_risk FROM scores WHERE as_of = CAST($as_of AS DATE))
SELECT n.name, coalesce(l.level, '__missing__') AS level,
       count(*) AS customers, sum(s.churn_prob) AS churn_sum,
       sum(s.predicted_value) AS predicted_value, sum(s.value_at_risk) AS value_at_risk
FROM s CROSS JOIN names n
LEFT JOIN attribute_levels l ON l.customer_id = s.customer_id AND l.name = n.name
GROUP BY ALL
ORDER BY ALL
