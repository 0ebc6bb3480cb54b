-- Monthly interactions of the given customers in the 24 months before $as_of: events and amount
-- per (customer, month, type). Parameters: $as_of DATE, $ids VARCHAR[].
SELECT customer_id, strftime(date_trunc('month', ts), '%Y-%m') AS month, type,
       count(*) AS events, round(coalesce(sum(amount), 0), 2) AS amount
FROM events
WHERE list_contains($ids, customer_id)
  AND ts < CAST($as_of AS TIMESTAMP) AND ts >= CAST($as_of AS TIMESTAMP) - INTERVAL 24 MONTH
GROUP BY ALL
ORDER BY ALL
