-- Monthly signup cohorts (customers who signed up after the history starts, so their whole life is
-- observed): customers of each cohort buying in each month since signup, up to 24 months.
-- Parameters: $as_of DATE.
WITH p AS (SELECT CAST($as_of AS DATE) AS as_of),
start AS (SELECT CAST(date_trunc('month', min(ts)) AS DATE) AS start FROM events),
c AS (
  SELECT customer_id, CAST(date_trunc('month', signup_date) AS DATE) AS cohort
  FROM customers, p, start
  WHERE signup_date < p.as_of AND signup_date >= start.start
),
size AS (SELECT cohort, count(*) AS n FROM c GROUP BY 1),
buys AS (
  SELECT DISTINCT e.customer_id, c.cohort, date_diff('month', c.cohort, CAST(date_trunc('month', e.ts) AS DATE)) AS m
  FROM events e JOIN c USING (customer_id), p
  WHERE e.type = 'purchase' AND e.ts < p.as_of
)
SELECT strftime(b.cohort, '%Y-%m') AS cohort, b.m AS month, count(*) AS customers, any_value(size.n) AS cohort_size
FROM buys b JOIN size USING (cohort)
WHERE b.m BETWEEN 0 AND 24
GROUP BY 1, 2
ORDER BY 1, 2
