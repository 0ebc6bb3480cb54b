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
