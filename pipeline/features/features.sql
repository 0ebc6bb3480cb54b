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
-- NOT MATERIALIZED: read twice (agg, gaps), the CTE was materialised, 67M rows written and scanned
-- again (39 s at 1M customers); inlined, each reader filters the events itself (24-31 s).
past AS NOT MATERIALIZED (
  SELECT e.customer_id, e.ts, e.type, e.amount, e.score,
         (epoch(p.cutoff) - epoch(e.ts)) / 86400.0 AS age_days
  FROM events e, p
  WHERE e.ts < p.cutoff
),
agg AS (
  SELECT customer_id,
    count(*) FILTER (type = 'purchase')                                  AS purchases_total,
    count(*) FILTER (type = 'purchase' AND age_days <= 30)               AS purchases_30,
    count(*) FILTER (type = 'purchase' AND age_days <= 90)               AS purchases_90,
    count(*) FILTER (type = 'purchase' AND age_days > 90 AND age_days <= 180) AS purchases_prev_90,
    count(*) FILTER (type = 'purchase' AND age_days <= 365)              AS purchases_365,
    coalesce(sum(amount) FILTER (type = 'purchase'), 0)                  AS spend_total,
    coalesce(sum(amount) FILTER (type = 'purchase' AND age_days <= 30), 0)  AS spend_30,
    coalesce(sum(amount) FILTER (type = 'purchase' AND age_days <= 90), 0)  AS spend_90,
    coalesce(sum(amount) FILTER (type = 'purchase' AND age_days <= 365), 0) AS spend_365,
    count(*) FILTER (type = 'refund' AND age_days <= 365)                AS refunds_365,
    min(age_days) FILTER (type = 'purchase')                             AS recency_days,
    min(CAST(ts AS DATE)) FILTER (type = 'purchase')                     AS first_purchase_day,
    max(CAST(ts AS DATE)) FILTER (type = 'purchase')                     AS last_purchase_day,
    count(DISTINCT CAST(ts AS DATE)) FILTER (type = 'purchase')          AS purchase_days,
    count(*) FILTER (type = 'login' AND age_days <= 30)                  AS logins_30,
    count(*) FILTER (type = 'login' AND age_days <= 90)                  AS logins_90,
    count(*) FILTER (type = 'login' AND age_days > 90 AND age_days <= 180) AS logins_prev_90,
    min(age_days) FILTER (type = 'login')                                AS days_since_login,
    count(*) FILTER (type = 'email_open' AND age_days <= 90)             AS email_opens_90,
    count(*) FILTER (type = 'support_ticket' AND age_days <= 90)         AS tickets_90,
    count(*) FILTER (type = 'support_ticket' AND age_days <= 365)        AS tickets_365,
    count(*) FILTER (type = 'support_ticket')                            AS tickets_total,
    count(*) FILTER (type = 'ticket_resolved')                           AS resolved_total,
    count(*) FILTER (type = 'survey')                                    AS surveys_total,
    arg_max(score, ts) FILTER (type = 'survey' AND score IS NOT NULL)    AS last_survey_score,
    avg(score) FILTER (type = 'survey' AND score IS NOT NULL)            AS mean_survey_score,
    count(*) FILTER (type = 'survey' AND score <= 6 AND age_days <= 365) AS detractor_365,
    count(*) FILTER (type = 'care_contact' AND age_days <= 90)           AS care_contacts_90
  FROM past
  GROUP BY customer_id
),
gaps AS (
  -- Spread of the gap between purchase days (several purchases on one day count once).
  SELECT customer_id, stddev_samp(gap) AS gap_std_days
  FROM (
    SELECT customer_id, d - lag(d) OVER (PARTITION BY customer_id ORDER BY d) AS gap
    FROM (SELECT DISTINCT customer_id, CAST(ts AS DATE) AS d FROM past WHERE type = 'purchase')
  )
  WHERE gap IS NOT NULL
  GROUP BY customer_id
),
future AS (
  SELECT e.customer_id,
    count(*) FILTER (e.type = 'purchase' AND e.ts < p.cutoff + to_days(p.horizon)) AS purchases_next,
    coalesce(sum(e.amount) FILTER (e.type = 'purchase' AND e.ts < p.cutoff + to_days(p.value_horizon)), 0)
      - coalesce(sum(abs(e.amount)) FILTER (e.type = 'refund' AND e.ts < p.cutoff + to_days(p.value_horizon)), 0) AS value_next
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
  coalesce(a.recency_days, date_diff('day', c.signup_date, CAST(p.cutoff AS DATE)))::DOUBLE AS recency_days,
  CAST(coalesce(a.purchases_total, 0) AS DOUBLE)             AS frequency_total,
  CAST(coalesce(a.purchases_30, 0) AS DOUBLE)                AS frequency_30,
  CAST(coalesce(a.purchases_90, 0) AS DOUBLE)                AS frequency_90,
  CAST(coalesce(a.purchases_365, 0) AS DOUBLE)               AS frequency_365,
  coalesce(a.spend_total, 0)                                 AS monetary_total,
  coalesce(a.spend_30, 0)                                    AS monetary_30,
  coalesce(a.spend_90, 0)                                    AS monetary_90,
  coalesce(a.spend_365, 0)                                   AS monetary_365,
  CASE WHEN a.purchases_total > 0 THEN a.spend_total / a.purchases_total ELSE 0 END AS avg_order_value,
  CAST(coalesce(a.refunds_365, 0) AS DOUBLE)                 AS refunds_365,
  -- Mean gap between purchase days telescopes to (last - first) / (days - 1); with one purchase day
  -- the gap is unknown, and "at least as long as the time since that purchase" is the honest bound.
  CASE WHEN a.purchase_days > 1
       THEN date_diff('day', a.first_purchase_day, a.last_purchase_day) / (a.purchase_days - 1)::DOUBLE
       ELSE coalesce(a.recency_days, date_diff('day', c.signup_date, CAST(p.cutoff AS DATE))) END AS gap_mean_days,
  coalesce(g.gap_std_days, 0)                                AS gap_std_days,
  CAST((coalesce(a.purchases_90, 0) - coalesce(a.purchases_prev_90, 0)) AS DOUBLE)
    / (coalesce(a.purchases_90, 0) + coalesce(a.purchases_prev_90, 0) + 1) AS purchase_trend,
  CAST(coalesce(a.logins_30, 0) AS DOUBLE)                   AS logins_30,
  CAST(coalesce(a.logins_90, 0) AS DOUBLE)                   AS logins_90,
  CAST((coalesce(a.logins_90, 0) - coalesce(a.logins_prev_90, 0)) AS DOUBLE)
    / (coalesce(a.logins_90, 0) + coalesce(a.logins_prev_90, 0) + 1) AS login_trend,
  coalesce(a.days_since_login, date_diff('day', c.signup_date, CAST(p.cutoff AS DATE)))::DOUBLE AS days_since_login,
  CAST(coalesce(a.email_opens_90, 0) AS DOUBLE)              AS email_opens_90,
  CAST(coalesce(a.tickets_90, 0) AS DOUBLE)                  AS tickets_90,
  CAST(coalesce(a.tickets_365, 0) AS DOUBLE)                 AS tickets_365,
  -- Tickets carry no id in the canonical format: open tickets = opened - resolved, never negative.
  CAST(greatest(coalesce(a.tickets_total, 0) - coalesce(a.resolved_total, 0), 0) AS DOUBLE) AS unresolved_tickets,
  CAST(coalesce(a.surveys_total, 0) > 0 AS DOUBLE)           AS has_survey,
  -- Without a survey answer the neutral NPS score (7-8 are passives) stands in; has_survey tells them apart.
  coalesce(a.last_survey_score, 7.5)                         AS last_survey_score,
  coalesce(a.mean_survey_score, 7.5)                         AS mean_survey_score,
  CAST(coalesce(a.detractor_365, 0) AS DOUBLE)               AS detractor_365,
  CAST(coalesce(a.care_contacts_90, 0) AS DOUBLE)            AS care_contacts_90,
  CASE WHEN p.cutoff + to_days(p.horizon) <= p.observed_until
       THEN CAST(coalesce(f.purchases_next, 0) = 0 AS INTEGER) END AS churned,
  CASE WHEN p.cutoff + to_days(p.value_horizon) <= p.observed_until
       THEN greatest(coalesce(f.value_next, 0), 0) END     AS future_value
FROM customers c
CROSS JOIN p
LEFT JOIN agg a USING (customer_id)
LEFT JOIN gaps g USING (customer_id)
LEFT JOIN future f USING (customer_id)
WHERE c.signup_date < CAST(p.cutoff AS DATE)
ORDER BY c.customer_id
