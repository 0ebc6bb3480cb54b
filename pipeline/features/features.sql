-- One point-in-time snapshot: a row per customer signed up before $cutoff.
-- Features use only events strictly before $cutoff; labels only events in [$cutoff, $cutoff + horizon).
-- A label is NULL when its window is not fully observed (it runs past $observed_until).
-- Parameters: $cutoff DATE, $horizon INTEGER, $value_horizon INTEGER, $observed_until DATE,
-- $churn_types VARCHAR[] and $churn_on_event BOOLEAN (config `churn`, churn-definition.ts): churned =
-- an event of those types in [cutoff, cutoff + horizon) when churn_on_event, else none of them
-- (no_purchase: ['purchase'], false).
WITH p AS (
  SELECT CAST($cutoff AS TIMESTAMP) AS cutoff,
         CAST($horizon AS INTEGER) AS horizon,
         CAST($value_horizon AS INTEGER) AS value_horizon,
         CAST($observed_until AS TIMESTAMP) AS observed_until
),
-- Everything but email opens and the labels comes from event_links (event-links.sql): the same
-- events, stored by type and customer, purchases and logins each with what is needed of their
-- neighbours, so purchase-day gaps, the first day's spend and the last login need no sorted lists,
-- joins back or pass over every login, and no part scans the other types.
-- Windows compare times with the cutoff minus whole days: "age in days <= 30" is exactly
-- "ts >= cutoff - 30 days", and no per-event age is computed. The parts that read events take the
-- parameters as they are rather than from p: DuckDB then filters inside the scans (through the p
-- row it compared every row afterwards: ~6 s more CPU at 100M events). At 1M customers / 100M
-- events: ~12 s of CPU instead of ~56 s for the query over the events with lists and a join.
purchases AS (
  SELECT l.customer_id,
    count(*)                                                               AS purchases_total,
    count(*) FILTER (l.ts >= $cutoff::TIMESTAMP - INTERVAL 30 DAY)         AS purchases_30,
    count(*) FILTER (l.ts >= $cutoff::TIMESTAMP - INTERVAL 90 DAY)         AS purchases_90,
    count(*) FILTER (l.ts < $cutoff::TIMESTAMP - INTERVAL 90 DAY AND l.ts >= $cutoff::TIMESTAMP - INTERVAL 180 DAY) AS purchases_prev_90,
    count(*) FILTER (l.ts >= $cutoff::TIMESTAMP - INTERVAL 365 DAY)        AS purchases_365,
    -- Money is summed exactly (DECIMAL): a DOUBLE sum depends on the order DuckDB's threads
    -- combine partial sums, and changed the last bits of ~30% of customers' totals from one
    -- run to the next at 1M customers, so the same data gave different features and scores.
    sum(l.amount)                                                          AS spend_exact,
    sum(l.amount) FILTER (l.ts >= $cutoff::TIMESTAMP - INTERVAL 30 DAY)    AS spend_30,
    sum(l.amount) FILTER (l.ts >= $cutoff::TIMESTAMP - INTERVAL 90 DAY)    AS spend_90,
    sum(l.amount) FILTER (l.ts >= $cutoff::TIMESTAMP - INTERVAL 365 DAY)   AS spend_365,
    max(l.ts)                                                              AS last_ts,
    -- Purchase days (several purchases on one day count once): the first purchase of each day is
    -- the one whose previous purchase fell on another day (or that has none).
    count(*) FILTER (l.day_before IS DISTINCT FROM CAST(l.ts AS DATE)) AS days,
    min(l.first_day)                                                       AS first_day,
    CAST(max(l.ts) AS DATE)                                                AS last_day,
    -- Spend on the first purchase day: the BTYD monetary value is the mean of the repeat purchase
    -- days, so the first day comes off the total.
    sum(l.amount) FILTER (CAST(l.ts AS DATE) = l.first_day)                AS first_day_spend,
    -- Sum of squared gaps between consecutive purchase days, exact, for their spread.
    sum((CAST(l.ts AS DATE) - l.day_before) ** 2) FILTER (l.day_before <> CAST(l.ts AS DATE)) AS gap_squares
  FROM event_links l
  WHERE l.type = 'purchase' AND l.ts < $cutoff::TIMESTAMP
  GROUP BY l.customer_id
),
logins AS (
  -- Logins of the last 180 days for the counts, and each customer's last login before the cutoff
  -- (the one whose next login is on or after the cutoff day, or that has none) for the time since.
  SELECT l.customer_id,
    count(*) FILTER (l.ts >= $cutoff::TIMESTAMP - INTERVAL 30 DAY)         AS logins_30,
    count(*) FILTER (l.ts >= $cutoff::TIMESTAMP - INTERVAL 90 DAY)         AS logins_90,
    count(*) FILTER (l.ts < $cutoff::TIMESTAMP - INTERVAL 90 DAY AND l.ts >= $cutoff::TIMESTAMP - INTERVAL 180 DAY) AS logins_prev_90,
    max(l.ts)                                                              AS last_ts
  FROM event_links l
  WHERE l.type = 'login' AND l.ts < $cutoff::TIMESTAMP
    AND (l.ts >= $cutoff::TIMESTAMP - INTERVAL 180 DAY OR l.next_day IS NULL OR l.next_day >= $cutoff::DATE)
  GROUP BY l.customer_id
),
service AS (
  -- event_links is stored by type: the scan skips the row groups of the others.
  SELECT l.customer_id,
    count(*) FILTER (l.type = 'support_ticket' AND l.ts >= $cutoff::TIMESTAMP - INTERVAL 90 DAY) AS tickets_90,
    count(*) FILTER (l.type = 'support_ticket' AND l.ts >= $cutoff::TIMESTAMP - INTERVAL 365 DAY) AS tickets_365,
    count(*) FILTER (l.type = 'support_ticket')                            AS tickets_total,
    count(*) FILTER (l.type = 'ticket_resolved')                           AS resolved_total,
    -- NPS answers only (an empty survey_scale is NPS); CSAT and stars are read in feature-fragments.sql.
    count(*) FILTER (l.type = 'survey' AND coalesce(l.survey_scale, 'nps') = 'nps')         AS surveys_total,
    arg_max(l.score, l.ts) FILTER (l.type = 'survey' AND coalesce(l.survey_scale, 'nps') = 'nps' AND l.score IS NOT NULL) AS last_survey_score,
    avg(l.score) FILTER (l.type = 'survey' AND coalesce(l.survey_scale, 'nps') = 'nps' AND l.score IS NOT NULL) AS mean_survey_score,
    count(*) FILTER (l.type = 'survey' AND coalesce(l.survey_scale, 'nps') = 'nps' AND l.score <= 6 AND l.ts >= $cutoff::TIMESTAMP - INTERVAL 365 DAY) AS detractor_365,
    count(*) FILTER (l.type = 'refund' AND l.ts >= $cutoff::TIMESTAMP - INTERVAL 365 DAY) AS refunds_365,
    count(*) FILTER (l.type = 'care_contact' AND l.ts >= $cutoff::TIMESTAMP - INTERVAL 90 DAY) AS care_contacts_90
  FROM event_links l
  WHERE (l.type = 'support_ticket' OR l.type = 'ticket_resolved' OR l.type = 'survey' OR l.type = 'refund' OR l.type = 'care_contact')
    AND l.ts < $cutoff::TIMESTAMP
  GROUP BY l.customer_id
),
email AS (
  -- The last 90 days of the events: stored time-sorted, so the scan skips the rest.
  SELECT e.customer_id, count(*) AS email_opens_90
  FROM events e
  WHERE e.type = 'email_open' AND e.ts < $cutoff::TIMESTAMP AND e.ts >= $cutoff::TIMESTAMP - INTERVAL 90 DAY
  GROUP BY e.customer_id
),
/*{extra_ctes}*/
-- The value label is net spend: purchases and subscription payments, less refunds.
future AS (
  SELECT e.customer_id,
    count(*) FILTER (list_contains($churn_types::VARCHAR[], e.type) AND e.ts < $cutoff::TIMESTAMP + to_days($horizon::INTEGER)) AS churn_events_next,
    CAST(coalesce(sum(CAST(e.amount AS DECIMAL(18, 4))) FILTER (e.type IN ('purchase', 'payment') AND e.ts < $cutoff::TIMESTAMP + to_days($value_horizon::INTEGER)), 0)
      - coalesce(sum(CAST(abs(e.amount) AS DECIMAL(18, 4))) FILTER (e.type = 'refund' AND e.ts < $cutoff::TIMESTAMP + to_days($value_horizon::INTEGER)), 0) AS DOUBLE) AS value_next
  FROM events e
  WHERE e.ts >= $cutoff::TIMESTAMP AND e.ts < $cutoff::TIMESTAMP + to_days(greatest($horizon::INTEGER, $value_horizon::INTEGER))
  GROUP BY e.customer_id
)
SELECT
  CAST(p.cutoff AS DATE)                                     AS cutoff,
  c.customer_id,
  c.region, c.channel, c.plan,
  CAST(date_diff('day', c.signup_date, CAST(p.cutoff AS DATE)) AS DOUBLE) AS tenure_days,
  -- A customer who never bought is as "recent" as their tenure: the longest they could have waited.
  coalesce((epoch(p.cutoff) - epoch(pu.last_ts)) / 86400.0, date_diff('day', c.signup_date, CAST(p.cutoff AS DATE)))::DOUBLE AS recency_days,
  CAST(coalesce(pu.purchases_total, 0) AS DOUBLE)             AS frequency_total,
  CAST(coalesce(pu.purchases_30, 0) AS DOUBLE)                AS frequency_30,
  CAST(coalesce(pu.purchases_90, 0) AS DOUBLE)                AS frequency_90,
  CAST(coalesce(pu.purchases_365, 0) AS DOUBLE)               AS frequency_365,
  coalesce(CAST(pu.spend_exact AS DOUBLE), 0)                 AS monetary_total,
  coalesce(CAST(pu.spend_30 AS DOUBLE), 0)                    AS monetary_30,
  coalesce(CAST(pu.spend_90 AS DOUBLE), 0)                    AS monetary_90,
  coalesce(CAST(pu.spend_365 AS DOUBLE), 0)                   AS monetary_365,
  CASE WHEN pu.purchases_total > 0 THEN CAST(pu.spend_exact AS DOUBLE) / pu.purchases_total ELSE 0 END AS avg_order_value,
  CAST(coalesce(sv.refunds_365, 0) AS DOUBLE)                 AS refunds_365,
  -- Mean gap between purchase days telescopes to (last - first) / (days - 1); with one purchase day
  -- the gap is unknown, and "at least as long as the time since that purchase" is the honest bound.
  CASE WHEN pu.days > 1
       THEN date_diff('day', pu.first_day, pu.last_day) / (pu.days - 1)::DOUBLE
       ELSE coalesce((epoch(p.cutoff) - epoch(pu.last_ts)) / 86400.0, date_diff('day', c.signup_date, CAST(p.cutoff AS DATE))) END AS gap_mean_days,
  -- Sample standard deviation of the days - 1 gaps from their exact sum (last - first) and sum of
  -- squares: n * sum(g^2) - (sum g)^2 is a whole number, so the only roundings are the division and
  -- the square root. 0 with fewer than two gaps.
  CASE WHEN pu.days > 2
       THEN sqrt(CAST((pu.days - 1) * pu.gap_squares - date_diff('day', pu.first_day, pu.last_day) ** 2 AS DOUBLE)
                 / ((pu.days - 1) * (pu.days - 2)))
       ELSE 0 END                                             AS gap_std_days,
  CAST((coalesce(pu.purchases_90, 0) - coalesce(pu.purchases_prev_90, 0)) AS DOUBLE)
    / (coalesce(pu.purchases_90, 0) + coalesce(pu.purchases_prev_90, 0) + 1) AS purchase_trend,
  CAST(coalesce(lo.logins_30, 0) AS DOUBLE)                   AS logins_30,
  CAST(coalesce(lo.logins_90, 0) AS DOUBLE)                   AS logins_90,
  CAST((coalesce(lo.logins_90, 0) - coalesce(lo.logins_prev_90, 0)) AS DOUBLE)
    / (coalesce(lo.logins_90, 0) + coalesce(lo.logins_prev_90, 0) + 1) AS login_trend,
  -- A history without any login has no such signal: 0 for all (feature-set.ts), not a copy of tenure.
  /*{login_days}*/coalesce((epoch(p.cutoff) - epoch(lo.last_ts)) / 86400.0, date_diff('day', c.signup_date, CAST(p.cutoff AS DATE)))::DOUBLE/*{/login_days}*/ AS days_since_login,
  CAST(coalesce(em.email_opens_90, 0) AS DOUBLE)              AS email_opens_90,
  CAST(coalesce(sv.tickets_90, 0) AS DOUBLE)                  AS tickets_90,
  CAST(coalesce(sv.tickets_365, 0) AS DOUBLE)                 AS tickets_365,
  -- Tickets carry no id in the canonical format: open tickets = opened - resolved, never negative.
  CAST(greatest(coalesce(sv.tickets_total, 0) - coalesce(sv.resolved_total, 0), 0) AS DOUBLE) AS unresolved_tickets,
  CAST(coalesce(sv.surveys_total, 0) > 0 AS DOUBLE)           AS has_survey,
  -- Without a survey answer the neutral NPS score (7-8 are passives) stands in; has_survey tells them apart.
  coalesce(sv.last_survey_score, 7.5)                         AS last_survey_score,
  coalesce(sv.mean_survey_score, 7.5)                         AS mean_survey_score,
  CAST(coalesce(sv.detractor_365, 0) AS DOUBLE)               AS detractor_365,
  CAST(coalesce(sv.care_contacts_90, 0) AS DOUBLE)            AS care_contacts_90,
  -- The BTYD summary in days, lifetimes' conventions as rfm.sql (NULL without a purchase): repeat
  -- purchase days, first to last purchase day, first purchase day to the day before the cutoff, mean
  -- value of the repeat days. Scoring fits BG/NBD and Gamma-Gamma on these instead of a second pass.
  CAST(pu.days - 1 AS DOUBLE)                                 AS rfm_frequency,
  CAST(date_diff('day', pu.first_day, pu.last_day) AS DOUBLE) AS rfm_recency,
  CAST(date_diff('day', pu.first_day, CAST(p.cutoff AS DATE) - 1) AS DOUBLE) AS rfm_t,
  CAST(pu.spend_exact - pu.first_day_spend AS DOUBLE) / nullif(pu.days - 1, 0) AS rfm_monetary,
  date_diff('day', DATE '1970-01-01', pu.first_day)           AS rfm_first_day,
  -- Features only some histories have (feature-set.ts, feature-fragments.sql).
  /*{extra_columns}*/
  -- The cancellation definition (feature-set.ts) labels subscribers only and counts a lapse as churn.
  CASE WHEN p.cutoff + to_days(p.horizon) <= p.observed_until /*{label_scope}*/
       THEN CAST((coalesce(f.churn_events_next, 0) > 0 /*{label_lapse}*/) = $churn_on_event::BOOLEAN AS INTEGER) END AS churned,
  CASE WHEN p.cutoff + to_days(p.value_horizon) <= p.observed_until
       THEN greatest(coalesce(f.value_next, 0), 0) END     AS future_value
FROM customers c
CROSS JOIN p
LEFT JOIN purchases pu USING (customer_id)
LEFT JOIN logins lo USING (customer_id)
LEFT JOIN service sv USING (customer_id)
LEFT JOIN email em USING (customer_id)
LEFT JOIN future f USING (customer_id)
/*{extra_joins}*/
WHERE c.signup_date < CAST(p.cutoff AS DATE)
ORDER BY c.customer_id
