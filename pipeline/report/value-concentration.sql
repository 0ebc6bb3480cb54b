-- Concentration of predicted value: cumulative share of value held by the top k% of customers
-- (ranked by predicted value), k = 1..100. Parameters: $as_of DATE.
WITH v AS (
  SELECT greatest(predicted_value, 0) AS value,
         row_number() OVER (ORDER BY predicted_value DESC, customer_id) AS rank,
         count(*) OVER () AS n
  FROM scores WHERE as_of = CAST($as_of AS DATE)
),
c AS (SELECT ceil(100.0 * rank / n) AS pct, value FROM v),
total AS (SELECT nullif(sum(value), 0) AS total FROM v)
SELECT CAST(pct AS INTEGER) AS pct,
       sum(sum(value)) OVER (ORDER BY pct) / any_value(total.total) AS share
FROM c, total
GROUP BY pct
ORDER BY pct
