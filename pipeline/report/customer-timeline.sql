-- Monthly interactions of the given customers in the 24 months before $as_of: events and amount
-- per (customer, month, type). A join, not list_contains per event row (see bench/RESULTS.md).
-- Parameters: $as_of DATE, $ids VARCHAR[].
WITH ids AS (SELECT unnest($ids) AS customer_id)
SELECT e.customer_id, strftime(date_trunc('month', e.ts), '%Y-%m') AS month, e.type,
       count(*) AS events, round(coalesce(sum(e.amount), 0), 2) AS amount
FROM events e
JOIN ids USING (customer_id)
WHERE e.ts < CAST($as_of AS TIMESTAMP) AND e.ts >= CAST($as_of AS TIMESTAMP) - INTERVAL 24 MONTH
GROUP BY ALL
ORDER BY ALL
