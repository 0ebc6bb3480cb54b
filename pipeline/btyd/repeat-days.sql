-- Repeat purchase days of the calibration cohort (customers whose first purchase day is on or before
-- the calibration end) per calendar day, up to the holdout end: the actual line of the cumulative
-- repeat-purchase chart. Days are numbered from 1970-01-01.
-- Parameters: $calibration_end DATE, $holdout_end DATE (both inclusive).
WITH days AS (
  SELECT DISTINCT customer_id, CAST(ts AS DATE) AS day
  FROM events
  WHERE type = 'purchase' AND ts < CAST(CAST($holdout_end AS DATE) AS TIMESTAMP) + INTERVAL 1 DAY
),
firsts AS (
  SELECT customer_id, min(day) AS first_day
  FROM days
  GROUP BY 1
)
SELECT date_diff('day', DATE '1970-01-01', d.day) AS day_number, count(*) AS purchases
FROM days d
JOIN firsts f USING (customer_id)
WHERE f.first_day <= CAST($calibration_end AS DATE) AND d.day > f.first_day
GROUP BY 1
ORDER BY 1
