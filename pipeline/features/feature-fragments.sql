-- Parts of the snapshot query (features.sql) that only some histories have: they are added by
-- feature-set.ts where the history holds what they read. {name}-style markers are identifiers
-- chosen by the code from declared names (checked against DECLARED_NAME_PATTERN), never user text; values
-- are parameters.

-- name: habits_cte
-- Customer-initiated activity of the last 365 days (orders, logins, tickets, surveys and declared types,
-- not the company's own contacts or refunds), read in the business's time zone: night is 22:00-06:00,
-- the weekend Saturday and Sunday.
habits AS (
  SELECT customer_id,
    count(*)                                           AS activity_365,
    count(*) FILTER (hour(t) >= 22 OR hour(t) < 6)     AS night_365,
    count(*) FILTER (isodow(t) >= 6)                   AS weekend_365
  FROM (
    SELECT l.customer_id,
           CASE WHEN $timezone = 'UTC' THEN l.ts ELSE timezone($timezone, l.ts AT TIME ZONE 'UTC') END AS t
    FROM event_links l
    WHERE l.ts < $cutoff::TIMESTAMP AND l.ts >= $cutoff::TIMESTAMP - INTERVAL 365 DAY
      AND l.type NOT IN ('ticket_resolved', 'care_contact', 'refund')
  )
  GROUP BY customer_id
)

-- name: habits_columns
CASE WHEN hb.activity_365 > 0 THEN hb.night_365 / hb.activity_365 ELSE 0 END::DOUBLE AS night_share_365,
CASE WHEN hb.activity_365 > 0 THEN hb.weekend_365 / hb.activity_365 ELSE 0 END::DOUBLE AS weekend_share_365

-- name: habits_join
LEFT JOIN habits hb USING (customer_id)

-- name: interests_cte
-- Spend by product category over the last 365 days (order lines carry categories): the top one (ties
-- by name, so the same data gives the same answer), its share and how many categories.
interests AS (
  SELECT customer_id,
    first(category ORDER BY spend DESC, category)      AS top_category,
    count(*)                                           AS category_breadth_365,
    CAST(max(spend) / nullif(sum(spend), 0) AS DOUBLE) AS top_category_share_365
  FROM (
    SELECT e.customer_id, e.category, sum(CAST(coalesce(e.amount, 0) AS DECIMAL(18, 4))) AS spend
    FROM events e
    WHERE e.type = 'purchase' AND e.category IS NOT NULL
      AND e.ts < $cutoff::TIMESTAMP AND e.ts >= $cutoff::TIMESTAMP - INTERVAL 365 DAY
    GROUP BY e.customer_id, e.category
  )
  GROUP BY customer_id
)

-- name: interests_columns
it.top_category,
CAST(coalesce(it.category_breadth_365, 0) AS DOUBLE) AS category_breadth_365,
coalesce(it.top_category_share_365, 0) AS top_category_share_365

-- name: interests_join
LEFT JOIN interests it USING (customer_id)

-- name: csat_cte
-- CSAT and star ratings (1-5), apart from NPS: how many answers in the last 365 days and how many
-- of them dissatisfied (1-2).
csat AS (
  SELECT l.customer_id,
    count(*)                      AS csat_answers_365,
    count(*) FILTER (l.score <= 2) AS csat_low_365
  FROM event_links l
  WHERE l.type = 'survey' AND l.survey_scale IN ('csat', 'stars')
    AND l.ts < $cutoff::TIMESTAMP AND l.ts >= $cutoff::TIMESTAMP - INTERVAL 365 DAY
  GROUP BY l.customer_id
)

-- name: csat_columns
CAST(coalesce(cs.csat_answers_365, 0) AS DOUBLE) AS csat_answers_365,
CAST(coalesce(cs.csat_low_365, 0) AS DOUBLE) AS csat_low_365

-- name: csat_join
LEFT JOIN csat cs USING (customer_id)

-- name: custom_events_cte
-- Declared event types: counts over 30 / 90 / 365 days, the last one, and the 90-day trend, one
-- FILTER set per type (custom_event_aggregates), $custom_types lists them.
custom_events AS (
  SELECT l.customer_id, {columns}
  FROM event_links l
  WHERE list_contains($custom_types, l.type) AND l.ts < $cutoff::TIMESTAMP
  GROUP BY l.customer_id
)

-- name: custom_event_aggregates
count(*) FILTER (l.type = ${param} AND l.ts >= $cutoff::TIMESTAMP - INTERVAL 30 DAY) AS {name}_30,
count(*) FILTER (l.type = ${param} AND l.ts >= $cutoff::TIMESTAMP - INTERVAL 90 DAY) AS {name}_90,
count(*) FILTER (l.type = ${param} AND l.ts < $cutoff::TIMESTAMP - INTERVAL 90 DAY AND l.ts >= $cutoff::TIMESTAMP - INTERVAL 180 DAY) AS {name}_prev_90,
count(*) FILTER (l.type = ${param} AND l.ts >= $cutoff::TIMESTAMP - INTERVAL 365 DAY) AS {name}_365,
max(l.ts) FILTER (l.type = ${param}) AS {name}_last

-- name: custom_event_columns
-- Without one, the time since is the tenure, as for logins.
CAST(coalesce(ce.{name}_30, 0) AS DOUBLE) AS {name}_30,
CAST(coalesce(ce.{name}_90, 0) AS DOUBLE) AS {name}_90,
CAST(coalesce(ce.{name}_365, 0) AS DOUBLE) AS {name}_365,
coalesce((epoch(p.cutoff) - epoch(ce.{name}_last)) / 86400.0, date_diff('day', c.signup_date, CAST(p.cutoff AS DATE)))::DOUBLE AS {name}_days_since,
CAST(coalesce(ce.{name}_90, 0) - coalesce(ce.{name}_prev_90, 0) AS DOUBLE) / (coalesce(ce.{name}_90, 0) + coalesce(ce.{name}_prev_90, 0) + 1) AS {name}_trend

-- name: custom_events_join
LEFT JOIN custom_events ce USING (customer_id)

-- name: attributes_cte
-- Declared customer attributes, one column each (the *_attribute fragments), as they are now: attributes are not
-- dated, so only those known at signup or changing slowly belong here (docs/data-format.md).
declared AS (
  SELECT customer_id, {columns}
  FROM customer_attributes
  GROUP BY customer_id
)

-- name: categorical_attribute
max(value) FILTER (name = ${param}) AS {name}

-- name: numeric_attribute
max(number) FILTER (name = ${param}) AS {name}

-- name: categorical_attribute_column
da.{name}

-- name: numeric_attribute_column
-- Missing is 0 with an indicator beside it, so the model can tell the two apart.
coalesce(da.{name}, 0)::DOUBLE AS {name}, CAST(da.{name} IS NULL AS DOUBLE) AS {name}_missing

-- name: attributes_join
LEFT JOIN declared da USING (customer_id)

-- name: subscription_cte
-- Subscriptions and contracts (docs/subscriptions.md) at the cutoff, from their events: the latest
-- contract (a start or renewal with its term), what payments cover (each its billing period), the
-- plan, the monthly revenue of the last payment, and how the price moved from one payment to the next
-- (lower after a plan change: a downgrade; higher without one: a price increase). A customer is
-- subscribed when started (a start or a payment), not cancelled since the last start, and covered by
-- a contract or a payment until at least 7 days (the grace of a late payment) before the cutoff.
sub_events AS (
  SELECT e.customer_id, e.type, e.ts, e.plan, e.term_months, e.amount
  FROM events e
  WHERE e.type IN ('subscription_start', 'renewal', 'payment', 'payment_failed', 'plan_change', 'cancellation')
    AND e.ts < $cutoff::TIMESTAMP
),
sub_steps AS (
  SELECT p.customer_id, p.ts, p.monthly, p.monthly_before, count(c.ts) AS plan_changes_between
  FROM (
    SELECT customer_id, ts, amount / greatest(coalesce(term_months, 1), 1) AS monthly,
           lag(amount / greatest(coalesce(term_months, 1), 1)) OVER w AS monthly_before,
           lag(ts) OVER w AS ts_before
    FROM sub_events WHERE type = 'payment' AND amount IS NOT NULL
    WINDOW w AS (PARTITION BY customer_id ORDER BY ts, amount)
  ) p
  LEFT JOIN sub_events c
    ON c.customer_id = p.customer_id AND c.type = 'plan_change' AND c.ts > p.ts_before AND c.ts <= p.ts
  WHERE p.monthly_before IS NOT NULL AND p.ts >= $cutoff::TIMESTAMP - INTERVAL 365 DAY
  GROUP BY p.customer_id, p.ts, p.monthly, p.monthly_before
),
sub_state AS (
  SELECT s.customer_id,
    least(min(s.ts) FILTER (s.type = 'subscription_start'), min(s.ts) FILTER (s.type = 'payment')) AS started,
    max(s.ts) FILTER (s.type = 'subscription_start')                        AS last_start,
    max(s.ts) FILTER (s.type = 'cancellation')                              AS last_cancel,
    max(s.ts + to_months(CAST(round(s.term_months) AS INTEGER)))
      FILTER (s.type IN ('subscription_start', 'renewal') AND s.term_months >= 1) AS contract_end,
    max(s.ts + to_months(CAST(round(greatest(coalesce(s.term_months, 1), 1)) AS INTEGER)))
      FILTER (s.type = 'payment')                                           AS paid_until,
    arg_max(s.plan, s.ts) FILTER (s.plan IS NOT NULL AND s.type <> 'cancellation') AS current_plan,
    count(*) FILTER (s.type = 'plan_change' AND s.ts >= $cutoff::TIMESTAMP - INTERVAL 365 DAY) AS plan_changes_365,
    count(*) FILTER (s.type = 'payment_failed' AND s.ts >= $cutoff::TIMESTAMP - INTERVAL 90 DAY) AS payments_failed_90,
    arg_max(s.amount / greatest(coalesce(s.term_months, 1), 1), s.ts) FILTER (s.type = 'payment' AND s.amount IS NOT NULL) AS mrr
  FROM sub_events s
  GROUP BY s.customer_id
),
subscription AS (
  SELECT st.*,
    greatest(st.contract_end, st.paid_until) AS covered_until,
    st.started IS NOT NULL
      AND (st.last_cancel IS NULL OR st.last_cancel < st.last_start)
      AND coalesce(greatest(st.contract_end, st.paid_until) + INTERVAL 7 DAY >= $cutoff::TIMESTAMP, true) AS subscribed,
    coalesce(ch.downgrades_365, 0) AS downgrades_365,
    coalesce(ch.price_increases_365, 0) AS price_increases_365
  FROM sub_state st
  LEFT JOIN (
    SELECT customer_id,
      count(*) FILTER (monthly < monthly_before - 0.005 AND plan_changes_between > 0) AS downgrades_365,
      count(*) FILTER (monthly > monthly_before + 0.005 AND plan_changes_between = 0) AS price_increases_365
    FROM sub_steps GROUP BY customer_id
  ) ch USING (customer_id)
)

-- name: subscription_columns
CAST(coalesce(sb.subscribed, false) AS DOUBLE) AS subscribed,
coalesce((epoch(p.cutoff) - epoch(sb.started)) / 86400.0 / 30.4375, 0)::DOUBLE AS subscription_months,
CASE WHEN sb.contract_end > p.cutoff THEN (epoch(sb.contract_end) - epoch(p.cutoff)) / 86400.0 / 30.4375 ELSE 0 END::DOUBLE AS months_to_contract_end,
CAST(coalesce(sb.contract_end > p.cutoff, false) AS DOUBLE) AS in_contract,
CAST(coalesce(sb.plan_changes_365, 0) AS DOUBLE) AS plan_changes_365,
CAST(coalesce(sb.downgrades_365, 0) AS DOUBLE) AS downgrades_365,
CAST(coalesce(sb.price_increases_365, 0) AS DOUBLE) AS price_increases_365,
CAST(coalesce(sb.payments_failed_90, 0) AS DOUBLE) AS payments_failed_90,
CASE WHEN sb.subscribed THEN coalesce(sb.mrr, 0) ELSE 0 END::DOUBLE AS mrr,
sb.current_plan

-- name: subscription_join
LEFT JOIN subscription sb USING (customer_id)

-- name: lapse_cte
-- The cancellation definition's second half: a subscriber whose cover (contract or payments, with
-- what the window's own starts, renewals and payments add) ends, grace included, before the end of
-- [cutoff, cutoff + horizon) let it lapse. Cover that nothing dates (no term, no payment) never lapses.
lapse AS (
  SELECT sb.customer_id,
    coalesce(greatest(sb.covered_until,
                      max(e.ts + to_months(CAST(round(greatest(coalesce(e.term_months, 1), 1)) AS INTEGER))))
             + INTERVAL 7 DAY < $cutoff::TIMESTAMP + to_days($horizon::INTEGER), false) AS lapsed
  FROM subscription sb
  LEFT JOIN events e
    ON e.customer_id = sb.customer_id AND e.type IN ('subscription_start', 'renewal', 'payment')
   AND e.ts >= $cutoff::TIMESTAMP AND e.ts < $cutoff::TIMESTAMP + to_days($horizon::INTEGER)
  WHERE sb.subscribed
  GROUP BY sb.customer_id, sb.covered_until
)

-- name: lapse_join
LEFT JOIN lapse lp USING (customer_id)

-- name: label_scope
AND coalesce(sb.subscribed, false)

-- name: label_lapse
OR coalesce(lp.lapsed, false)

-- name: voice_cte
-- What customers wrote (text_signals, pipeline/text/, docs/voice.md) before the cutoff: feedback texts
-- in 90 days, negative ones in 30 and 90 days, the mean sentiment over 365 days, the negative texts of
-- the last 90 days nobody answered before the cutoff (no resolved ticket, care contact or retention
-- contact after them: the first response after each text, by an ASOF join) and, per theme, the
-- negative texts of the last 90 days that mention it (one voice_theme_aggregate each).
voice_responses AS (
  SELECT customer_id, ts FROM event_links
  WHERE type IN ('ticket_resolved', 'care_contact') AND ts < $cutoff::TIMESTAMP
  UNION ALL
  SELECT customer_id, ts FROM actions
  WHERE contacted AND NOT is_control AND ts < $cutoff::TIMESTAMP
),
voice_texts AS (
  SELECT t.customer_id, t.ts, t.sentiment, t.negative, t.themes, r.ts AS answered_at
  FROM (
    SELECT * FROM text_signals
    WHERE ts < $cutoff::TIMESTAMP AND ts >= $cutoff::TIMESTAMP - INTERVAL 365 DAY
  ) t
  ASOF LEFT JOIN voice_responses r ON r.customer_id = t.customer_id AND r.ts > t.ts
),
voice AS (
  SELECT customer_id,
    count(*) FILTER (ts >= $cutoff::TIMESTAMP - INTERVAL 90 DAY)                         AS feedback_90,
    count(*) FILTER (negative AND ts >= $cutoff::TIMESTAMP - INTERVAL 30 DAY)             AS negative_feedback_30,
    count(*) FILTER (negative AND ts >= $cutoff::TIMESTAMP - INTERVAL 90 DAY)             AS negative_feedback_90,
    avg(sentiment)                                                                        AS mean_sentiment_365,
    count(*) FILTER (negative AND ts >= $cutoff::TIMESTAMP - INTERVAL 90 DAY AND answered_at IS NULL)
                                                                                          AS unanswered_negative_90,
    {columns}
  FROM voice_texts
  GROUP BY customer_id
)

-- name: voice_theme_aggregate
count(*) FILTER (negative AND ts >= $cutoff::TIMESTAMP - INTERVAL 90 DAY AND (themes & ${param}) <> 0) AS {name}

-- name: voice_columns
CAST(coalesce(vo.feedback_90, 0) AS DOUBLE) AS feedback_90,
CAST(coalesce(vo.negative_feedback_30, 0) AS DOUBLE) AS negative_feedback_30,
CAST(coalesce(vo.negative_feedback_90, 0) AS DOUBLE) AS negative_feedback_90,
-- Without a text in 365 days the mean is neutral (0), as a text without opinion would be.
CAST(coalesce(vo.mean_sentiment_365, 0) AS DOUBLE) AS mean_sentiment_365,
CAST(coalesce(vo.unanswered_negative_90, 0) AS DOUBLE) AS unanswered_negative_90

-- name: voice_theme_column
CAST(coalesce(vo.{name}, 0) AS DOUBLE) AS {name}

-- name: voice_join
LEFT JOIN voice vo USING (customer_id)
