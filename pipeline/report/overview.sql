-- Headline numbers at one as-of date. Parameters: $as_of DATE, $horizon INTEGER.
WITH p AS (SELECT CAST($as_of AS TIMESTAMP) AS as_of, CAST($horizon AS INTEGER) AS horizon),
purchases AS (
  SELECT e.customer_id, e.ts FROM events e, p WHERE e.type = 'purchase' AND e.ts < p.as_of
),
recent AS (  -- bought in the last H days: "active"
  SELECT DISTINCT customer_id FROM purchases, p WHERE ts >= p.as_of - to_days(p.horizon)
),
previous AS (  -- bought in the H days before that
  SELECT DISTINCT customer_id FROM purchases, p
  WHERE ts >= p.as_of - to_days(2 * p.horizon) AND ts < p.as_of - to_days(p.horizon)
),
buyers AS (SELECT customer_id, count(DISTINCT CAST(ts AS DATE)) AS days FROM purchases GROUP BY customer_id),
surveys AS (  -- survey_scale NULL is NPS (pipeline/vocabulary.ts SURVEY_SCALES)
  SELECT score, coalesce(survey_scale, 'nps') AS scale FROM events e, p
  WHERE e.type = 'survey' AND e.score IS NOT NULL AND e.ts < p.as_of AND e.ts >= p.as_of - INTERVAL 365 DAY
)
SELECT
  (SELECT count(*) FROM customers, p WHERE signup_date < CAST(p.as_of AS DATE)) AS customers_total,
  (SELECT count(*) FROM recent) AS customers_active,
  (SELECT count(*) FROM previous) AS previous_active,
  (SELECT count(*) FROM previous WHERE customer_id NOT IN (SELECT customer_id FROM recent)) AS previous_lost,
  (SELECT count(*) FILTER (days >= 2) / nullif(count(*), 0) FROM buyers) AS repurchase_rate,
  (SELECT 100.0 * (count(*) FILTER (score >= 9) - count(*) FILTER (score <= 6)) / nullif(count(*), 0)
   FROM surveys WHERE scale = 'nps') AS nps,
  (SELECT count(*) FROM surveys WHERE scale = 'nps') AS nps_answers,
  -- CSAT: the share satisfied (4-5) among the 1-5 answers, CSAT and star ratings alike.
  (SELECT count(*) FILTER (score >= 4) / nullif(count(*), 0) FROM surveys WHERE scale IN ('csat', 'stars')) AS csat,
  (SELECT count(*) FROM surveys WHERE scale IN ('csat', 'stars')) AS csat_answers
