-- Lifecycle flows between the previous plan date and $as_of: customers per (from, to) stage;
-- customers new since the previous run come from 'none'. Parameters: $as_of DATE, $previous DATE.
SELECT coalesce(a.lifecycle, 'none') AS "from", b.lifecycle AS "to", count(*) AS customers
FROM plan b
LEFT JOIN plan a ON a.customer_id = b.customer_id AND a.as_of = CAST($previous AS DATE)
WHERE b.as_of = CAST($as_of AS DATE)
GROUP BY 1, 2
ORDER BY 1, 2
