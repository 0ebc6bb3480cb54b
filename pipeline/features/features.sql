-- One point-in-time snapshot: a row per customer signed up before $cutoff.
-- Features use only events strictly before $cutoff; labels only events in [$cutoff, $cutoff + horizon).
-- A label is NULL when its window is not fully observed (it runs past $observed_until).
-- Parameters: $cutoff DATE, $horizon INTEGER, $value_horizon INTEGER, $observed_until DATE.
WITH p AS (
  SELECT CAST($cutoff AS TIMESTAMP) AS cutoff,
         CAST($horizon AS INTEGER) AS horizon,
         CAST($value_horizon AS INTEGER) AS value_horizon,
         CAST($observed_until AS TIMESTAMP) AS observed_until
),
-- NOT MATERIALIZED: read by several parts, the CTE was materialised, every event written and
-- scanned again (39 s at 1M customers); inlined, each reader filters the events itself.
past AS NOT MATERIALIZED (
  SELECT e.customer_id, e.ts, e.type, e.amount, e.score,
         -- Money is summed exactly (DECIMAL): a DOUBLE sum depends on the order DuckDB's threads
         -- combine partial sums, and changed the last bits of ~30% of customers' totals from one
         -- run to the next at 1M customers, so the same data gave different features and scores.
         CAST(coalesce(e.amount, 0) AS DECIMAL(18, 4)) AS amount_exact,
         (epoch(p.cutoff) - epoch(e.ts)) / 86400.0 AS age_days
  FROM events e, p
  WHERE e.ts < p.cutoff
),
-- One aggregate per kind of event rather than one over all events with a FILTER per column: each
-- event updates only its kind's few columns, and kinds counted over the last year at most read only
-- that year (events are stored time-sorted, so the scan skips the rest). Purchase days come as a
-- sorted list per customer (gaps from it) instead of a DISTINCT aggregate plus a window over 20M
-- rows. At 1M customers / 100M events: 31 s of CPU instead of 87 s (EXPLAIN ANALYZE).
purchases AS (
  SELECT customer_id,
    count(*)                                          AS purchases_total,
    count(*) FILTER (age_days <= 30)                  AS purchases_30,
    count(*) FILTER (age_days <= 90)                  AS purchases_90,
    count(*) FILTER (age_days > 90 AND age_days <= 180) AS purchases_prev_90,
    count(*) FILTER (age_days <= 365)                 AS purchases_365,
    CAST(sum(amount_exact) AS DOUBLE)                 AS spend_total,
    coalesce(CAST(sum(amount_exact) FILTER (age_days <= 30) AS DOUBLE), 0)  AS spend_30,
    coalesce(CAST(sum(amount_exact) FILTER (age_days <= 90) AS DOUBLE), 0)  AS spend_90,
    coalesce(CAST(sum(amount_exact) FILTER (age_days <= 365) AS DOUBLE), 0) AS spend_365,
    min(age_days)                                     AS recency_days,
    sum(amount_exact)                                 AS spend_exact,
    -- Purchase days, sorted (several purchases on one day count once).
    list_sort(list_distinct(list(CAST(ts AS DATE)))) AS days
  FROM past
  WHERE type = 'purchase'
  GROUP BY customer_id
),
first_day_spend AS (
  -- Spend on each customer's first purchase day: the BTYD monetary value is the mean of the repeat
  -- purchase days, so the first day comes off the total. Only purchases on that day pass the join.
  SELECT pa.customer_id, sum(pa.amount_exact) AS spend
  FROM past pa JOIN purchases pu ON pa.customer_id = pu.customer_id AND CAST(pa.ts AS DATE) = pu.days[1]
  WHERE pa.type = 'purchase'
  GROUP BY pa.customer_id
),
logins AS (
  SELECT customer_id,
    count(*) FILTER (age_days <= 30)                  AS logins_30,
    count(*) FILTER (age_days <= 90)                  AS logins_90,
    count(*) FILTER (age_days > 90 AND age_days <= 180) AS logins_prev_90,
    min(age_days)                                     AS days_since_login
  FROM past
  WHERE type = 'login'
  GROUP BY customer_id
),
service AS (
  SELECT customer_id,
    count(*) FILTER (type = 'support_ticket' AND age_days <= 90)         AS tickets_90,
    count(*) FILTER (type = 'support_ticket' AND age_days <= 365)        AS tickets_365,
    count(*) FILTER (type = 'support_ticket')                            AS tickets_total,
    count(*) FILTER (type = 'ticket_resolved')                           AS resolved_total,
    count(*) FILTER (type = 'survey')                                    AS surveys_total,
    arg_max(score, ts) FILTER (type = 'survey' AND score IS NOT NULL)    AS last_survey_score,
    avg(score) FILTER (type = 'survey' AND score IS NOT NULL)            AS mean_survey_score,
    count(*) FILTER (type = 'survey' AND score <= 6 AND age_days <= 365) AS detractor_365
  FROM past
  WHERE type IN ('support_ticket', 'ticket_resolved', 'survey')
  GROUP BY customer_id
),
recent AS (
  -- Counted over a year at most: the scan starts a little before (the exact edge is age_days).
  SELECT customer_id,
    count(*) FILTER (type = 'refund' AND age_days <= 365)                AS refunds_365,
    count(*) FILTER (type = 'email_open' AND age_days <= 90)             AS email_opens_90,
    count(*) FILTER (type = 'care_contact' AND age_days <= 90)           AS care_contacts_90
  FROM past, p
  WHERE type IN ('refund', 'email_open', 'care_contact') AND ts >= p.cutoff - INTERVAL 367 DAY
  GROUP BY customer_id
),
future AS (
  SELECT e.customer_id,
    count(*) FILTER (e.type = 'purchase' AND e.ts < p.cutoff + to_days(p.horizon)) AS purchases_next,
    CAST(coalesce(sum(CAST(e.amount AS DECIMAL(18, 4))) FILTER (e.type = 'purchase' AND e.ts < p.cutoff + to_days(p.value_horizon)), 0)
      - coalesce(sum(CAST(abs(e.amount) AS DECIMAL(18, 4))) FILTER (e.type = 'refund' AND e.ts < p.cutoff + to_days(p.value_horizon)), 0) AS DOUBLE) AS value_next
  FROM events e, p
  WHERE e.ts >= p.cutoff AND e.ts < p.cutoff + to_days(greatest(p.horizon, p.value_horizon))
  GROUP BY e.customer_id
)
SELECT
  CAST(p.cutoff AS DATE)                                     AS cutoff,
  c.customer_id,
  c.region, c.channel, c.plan,
  CAST(date_diff('day', c.signup_date, CAST(p.cutoff AS DATE)) AS DOUBLE) AS tenure_days,
  -- A customer who never bought is as "recent" as their tenure: the longest they could have waited.
  coalesce(pu.recency_days, date_diff('day', c.signup_date, CAST(p.cutoff AS DATE)))::DOUBLE AS recency_days,
  CAST(coalesce(pu.purchases_total, 0) AS DOUBLE)             AS frequency_total,
  CAST(coalesce(pu.purchases_30, 0) AS DOUBLE)                AS frequency_30,
  CAST(coalesce(pu.purchases_90, 0) AS DOUBLE)                AS frequency_90,
  CAST(coalesce(pu.purchases_365, 0) AS DOUBLE)               AS frequency_365,
  coalesce(pu.spend_total, 0)                                 AS monetary_total,
  coalesce(pu.spend_30, 0)                                    AS monetary_30,
  coalesce(pu.spend_90, 0)                                    AS monetary_90,
  coalesce(pu.spend_365, 0)                                   AS monetary_365,
  CASE WHEN pu.purchases_total > 0 THEN pu.spend_total / pu.purchases_total ELSE 0 END AS avg_order_value,
  CAST(coalesce(rc.refunds_365, 0) AS DOUBLE)                 AS refunds_365,
  -- Mean gap between purchase days telescopes to (last - first) / (days - 1); with one purchase day
  -- the gap is unknown, and "at least as long as the time since that purchase" is the honest bound.
  CASE WHEN len(pu.days) > 1
       THEN date_diff('day', pu.days[1], pu.days[-1]) / (len(pu.days) - 1)::DOUBLE
       ELSE coalesce(pu.recency_days, date_diff('day', c.signup_date, CAST(p.cutoff AS DATE))) END AS gap_mean_days,
  -- Spread of the gaps between purchase days.
  coalesce(list_stddev_samp(list_transform(range(1, len(pu.days)), lambda i: pu.days[i + 1] - pu.days[i])), 0) AS gap_std_days,
  CAST((coalesce(pu.purchases_90, 0) - coalesce(pu.purchases_prev_90, 0)) AS DOUBLE)
    / (coalesce(pu.purchases_90, 0) + coalesce(pu.purchases_prev_90, 0) + 1) AS purchase_trend,
  CAST(coalesce(lo.logins_30, 0) AS DOUBLE)                   AS logins_30,
  CAST(coalesce(lo.logins_90, 0) AS DOUBLE)                   AS logins_90,
  CAST((coalesce(lo.logins_90, 0) - coalesce(lo.logins_prev_90, 0)) AS DOUBLE)
    / (coalesce(lo.logins_90, 0) + coalesce(lo.logins_prev_90, 0) + 1) AS login_trend,
  coalesce(lo.days_since_login, date_diff('day', c.signup_date, CAST(p.cutoff AS DATE)))::DOUBLE AS days_since_login,
  CAST(coalesce(rc.email_opens_90, 0) AS DOUBLE)              AS email_opens_90,
  CAST(coalesce(sv.tickets_90, 0) AS DOUBLE)                  AS tickets_90,
  CAST(coalesce(sv.tickets_365, 0) AS DOUBLE)                 AS tickets_365,
  -- Tickets carry no id in the canonical format: open tickets = opened - resolved, never negative.
  CAST(greatest(coalesce(sv.tickets_total, 0) - coalesce(sv.resolved_total, 0), 0) AS DOUBLE) AS unresolved_tickets,
  CAST(coalesce(sv.surveys_total, 0) > 0 AS DOUBLE)           AS has_survey,
  -- Without a survey answer the neutral NPS score (7-8 are passives) stands in; has_survey tells them apart.
  coalesce(sv.last_survey_score, 7.5)                         AS last_survey_score,
  coalesce(sv.mean_survey_score, 7.5)                         AS mean_survey_score,
  CAST(coalesce(sv.detractor_365, 0) AS DOUBLE)               AS detractor_365,
  CAST(coalesce(rc.care_contacts_90, 0) AS DOUBLE)            AS care_contacts_90,
  -- The BTYD summary in days, lifetimes' conventions as rfm.sql (NULL without a purchase): repeat
  -- purchase days, first to last purchase day, first purchase day to the day before the cutoff, mean
  -- value of the repeat days. Scoring fits BG/NBD and Gamma-Gamma on these instead of a second pass.
  CAST(len(pu.days) - 1 AS DOUBLE)                            AS rfm_frequency,
  CAST(date_diff('day', pu.days[1], pu.days[-1]) AS DOUBLE)   AS rfm_recency,
  CAST(date_diff('day', pu.days[1], CAST(p.cutoff AS DATE) - 1) AS DOUBLE) AS rfm_t,
  CAST(pu.spend_exact - fs.spend AS DOUBLE) / nullif(len(pu.days) - 1, 0) AS rfm_monetary,
  date_diff('day', DATE '1970-01-01', pu.days[1])             AS rfm_first_day,
  CASE WHEN p.cutoff + to_days(p.horizon) <= p.observed_until
       THEN CAST(coalesce(f.purchases_next, 0) = 0 AS INTEGER) END AS churned,
  CASE WHEN p.cutoff + to_days(p.value_horizon) <= p.observed_until
       THEN greatest(coalesce(f.value_next, 0), 0) END     AS future_value
FROM customers c
CROSS JOIN p
LEFT JOIN purchases pu USING (customer_id)
LEFT JOIN first_day_spend fs USING (customer_id)
LEFT JOIN logins lo USING (customer_id)
LEFT JOIN service sv USING (customer_id)
LEFT JOIN recent rc USING (customer_id)
LEFT JOIN future f USING (customer_id)
WHERE c.signup_date < CAST(p.cutoff AS DATE)
ORDER BY c.customer_id
