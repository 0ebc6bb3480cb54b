-- RFM summary per customer for the BTYD models, in lifetimes' conventions (summary_data_from_
-- transaction_data + calibration_and_holdout_data). Purchases are counted by day: several purchases
-- on one day are one purchase whose value is their sum.
--   frequency  repeat purchase days in calibration (purchase days after the first one)
--   recency    time from the first to the last purchase day in calibration (0 without repeats)
--   T          time from the first purchase day to the calibration end (its last day)
--   monetary   mean value of the repeat purchase days (NULL without repeats)
--   *_holdout  purchase days and their total value in (calibration end, holdout end]
-- Time is in days / $unit_days (weeks = days / 7, fractional: the published CDNOW T is 38.86 weeks).
-- Customers: everyone whose first purchase day is on or before the calibration end.
-- Parameters: $calibration_end DATE (inclusive), $holdout_end DATE (inclusive; = calibration end for
-- no holdout), $unit_days DOUBLE.
WITH p AS (
  SELECT CAST($calibration_end AS DATE) AS cal_end,
         CAST($holdout_end AS DATE) AS hold_end,
         CAST($unit_days AS DOUBLE) AS unit
),
days AS (
  -- DECIMAL sums are exact, so the result does not depend on DuckDB's parallel summation order.
  SELECT e.customer_id, CAST(e.ts AS DATE) AS day, sum(CAST(coalesce(e.amount, 0) AS DECIMAL(18, 4))) AS value
  FROM events e, p
  WHERE e.type = 'purchase' AND e.ts < CAST(p.hold_end AS TIMESTAMP) + INTERVAL 1 DAY
  GROUP BY 1, 2
),
customers AS (
  -- One pass over the purchase days per customer: the first day's value comes from arg_min, so the
  -- repeat days' total needs no join back to the first day.
  SELECT d.customer_id,
    min(d.day) AS first_day,
    count(*) FILTER (d.day <= p.cal_end) AS calibration_days,
    max(d.day) FILTER (d.day <= p.cal_end) AS last_day,
    sum(d.value) FILTER (d.day <= p.cal_end) - arg_min(d.value, d.day) AS repeat_value,
    count(*) FILTER (d.day > p.cal_end) AS holdout_days,
    sum(d.value) FILTER (d.day > p.cal_end) AS holdout_value
  FROM days d, p
  GROUP BY d.customer_id
)
SELECT
  c.customer_id,
  CAST(c.calibration_days - 1 AS DOUBLE)                                   AS frequency,
  date_diff('day', c.first_day, c.last_day) / p.unit                       AS recency,
  date_diff('day', c.first_day, p.cal_end) / p.unit                        AS "T",
  CAST(c.repeat_value AS DOUBLE) / nullif(c.calibration_days - 1, 0)     AS monetary,
  date_diff('day', DATE '1970-01-01', c.first_day)                         AS first_day_number,
  CAST(c.holdout_days AS DOUBLE)                                           AS frequency_holdout,
  CAST(coalesce(c.holdout_value, 0) AS DOUBLE)                             AS value_holdout,
  date_diff('day', p.cal_end, p.hold_end) / p.unit                         AS duration_holdout
FROM customers c, p
WHERE c.first_day <= p.cal_end
ORDER BY c.customer_id
