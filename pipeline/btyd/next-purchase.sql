-- Each customer's first purchase day on or after the as-of date, up to the holdout end: the actual
-- "next purchase" a prediction made at the as-of date is judged against. Customers without one are
-- not listed (censored at the holdout end).
-- Parameters: $as_of DATE, $holdout_end DATE (inclusive).
SELECT customer_id, CAST(date_diff('day', CAST($as_of AS DATE), CAST(min(ts) AS DATE)) AS DOUBLE) AS days
FROM events
WHERE type = 'purchase'
  AND ts >= CAST(CAST($as_of AS DATE) AS TIMESTAMP)
  AND ts < CAST(CAST($holdout_end AS DATE) AS TIMESTAMP) + INTERVAL 1 DAY
GROUP BY customer_id
ORDER BY customer_id
