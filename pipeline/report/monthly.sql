-- Monthly activity across the whole history before $as_of.
SELECT strftime(date_trunc('month', ts), '%Y-%m') AS month,
       count(DISTINCT customer_id) AS active_customers,
       count(*) AS purchases,
       round(sum(amount), 2) AS revenue
FROM events
WHERE type = 'purchase' AND ts < CAST($as_of AS TIMESTAMP)
GROUP BY 1
ORDER BY 1
