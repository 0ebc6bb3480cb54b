-- The purchase days before the as-of date of a deterministic sample of the customers (the first
-- $sample by md5 of the id: the same sample on every run and machine), the histories the learned next
-- purchase is fitted on at earlier cutoffs. Days as days since 1970-01-01, ordered by customer and day.
-- Parameters: $as_of DATE (exclusive), $sample INTEGER.
WITH sample AS (
  SELECT customer_id FROM customers ORDER BY md5(customer_id), customer_id LIMIT $sample
)
SELECT e.customer_id, CAST(date_diff('day', DATE '1970-01-01', CAST(e.ts AS DATE)) AS DOUBLE) AS day
FROM events e SEMI JOIN sample s ON e.customer_id = s.customer_id
WHERE e.type = 'purchase' AND e.ts < CAST(CAST($as_of AS DATE) AS TIMESTAMP)
GROUP BY 1, 2
ORDER BY 1, 2
