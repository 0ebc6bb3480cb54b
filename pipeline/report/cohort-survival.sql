-- Survival by customer attribute (every attribute's levels in the temp view attribute_levels,
-- attribute-levels.ts: region, channel, plan and the declared ones): of the customers observed for
-- at least m months since signup, the share not yet lost at month m. Lost = no purchase in the last
-- $horizon days before $as_of, at the month of the last purchase (month 0 without any purchase).
-- Only customers who signed up after the history starts. Parameters: $as_of DATE, $horizon INTEGER.
WITH p AS (SELECT CAST($as_of AS DATE) AS as_of, CAST($horizon AS INTEGER) AS h),
start AS (SELECT min(ts) AS start FROM events),
last AS (
  SELECT customer_id, CAST(max(ts) AS DATE) AS last FROM events, p
  WHERE type = 'purchase' AND ts < p.as_of GROUP BY 1
),
t AS (
  SELECT c.customer_id, date_diff('month', c.signup_date, p.as_of) AS tenure,
         CASE WHEN l.last >= p.as_of - to_days(p.h) THEN NULL
              ELSE coalesce(date_diff('month', c.signup_date, l.last), 0) END AS lost_at
  FROM customers c LEFT JOIN last l USING (customer_id), p, start
  WHERE c.signup_date < p.as_of AND c.signup_date >= CAST(start.start AS DATE)
),
long AS (
  SELECT l.name AS dimension, l.level AS "group", t.tenure, t.lost_at FROM t JOIN attribute_levels l USING (customer_id)
)
SELECT dimension, "group", CAST(m.range AS INTEGER) AS month,
       count(*) FILTER (tenure >= m.range) AS observed,
       count(*) FILTER (tenure >= m.range AND (lost_at IS NULL OR lost_at >= m.range)) AS surviving
FROM long, range(0, 25) m
WHERE "group" IS NOT NULL
GROUP BY ALL
HAVING count(*) FILTER (tenure >= m.range) >= 20
ORDER BY ALL
