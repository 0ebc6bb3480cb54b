-- event_links: the events features.sql reads over all of history, again, stored by type
-- and customer, purchases and logins each with what is needed of their neighbours. features.sql then
-- needs no sorted lists or joins back to the events: gaps between purchase days come from
-- day_before, the first day's spend from first_day, the last login before a cutoff from next_day
-- (one row per customer rather than every login); and it reads each type without scanning the
-- others (events are stored by time, all types mixed). Email opens stay out: they are counted over
-- the last 90 days only, which the events' time order makes cheap.
-- It must equal what the build_* statements make of all the events, at all times: rebuilt in full
-- when event_links_state (schema.sql) says it is stale, and from a load's earliest added event on by
-- ingest, inside the load's transaction.
-- {added} is a table or view named by the code, never user input.

-- name: create
CREATE TABLE IF NOT EXISTS event_links (
  customer_id VARCHAR NOT NULL,
  type        VARCHAR NOT NULL,  -- every type but email_open
  ts          TIMESTAMP NOT NULL,
  amount      DECIMAL(18, 4),    -- purchases: the amount, exact (NULL in events counts as 0)
  score       DOUBLE,            -- surveys: the score
  day_before  DATE,              -- purchases: the day of the customer's purchase before this one
  first_day   DATE,              -- purchases: the customer's first purchase day
  next_day    DATE,              -- logins: the day of the customer's login after this one
  order_id    VARCHAR,           -- purchases and refunds of order lines: one row per order
  survey_scale VARCHAR           -- surveys: nps (NULL), csat or stars
);

-- name: drop
-- A full rebuild starts from a new table: faster than deleting every row, and takes a new shape.
DROP TABLE IF EXISTS event_links;

-- name: state
-- event_links_state is in schema.sql, which clears it when the events are replaced.
SELECT coalesce((SELECT events FROM event_links_state), 0) AS built_from,
       (SELECT version FROM event_links_state) AS version,
       (SELECT count(*) FROM events) AS events,
       NOT EXISTS (SELECT 1 FROM event_links) AS empty;

-- name: forget
-- First, before any row changes: a rebuild stopped half way must look stale.
DELETE FROM event_links_state;

-- name: everything
-- What a full build reads: all the events (nothing kept from before).
CREATE OR REPLACE TEMP VIEW _link_source AS
SELECT customer_id, type, ts, amount, score, order_id, survey_scale,
       false AS anchor, CAST(NULL AS DATE) AS kept_day_before, CAST(NULL AS DATE) AS kept_first_day
FROM events;

-- name: pairs
-- For a load, per customer and type it added events of: the earliest added (m) and the last stored
-- row before it, the anchor. Rows before the anchor keep their links; the anchor keeps its day_before
-- and the first purchase day stays (only events before every stored one could change them, and then
-- there is no anchor). Without an index, finding these rows is a scan of event_links; reading the
-- events instead would be a scan of all of them (~10x at 100M events).
-- A load that adds lines to an order already stored starts at that order's row, so that the order is
-- regrouped as one purchase (or refund) with its new lines.
-- {added}: customer_id, type, ts (TIMESTAMP), amount, score, order_id, survey_scale of the added events.
CREATE OR REPLACE TEMP TABLE _link_pairs AS
WITH added_first AS (
  SELECT customer_id, type, min(ts) AS m FROM {added} WHERE type <> 'email_open' GROUP BY customer_id, type
),
stored_orders AS (
  SELECT l.customer_id, l.type, min(l.ts) AS m
  FROM event_links l
  JOIN (SELECT DISTINCT customer_id, type, order_id FROM {added} WHERE order_id IS NOT NULL) x
    ON l.customer_id = x.customer_id AND l.type = x.type AND l.order_id = x.order_id
  GROUP BY l.customer_id, l.type
),
a AS (
  SELECT customer_id, type, min(m) AS m
  FROM (SELECT * FROM added_first UNION ALL SELECT * FROM stored_orders)
  GROUP BY customer_id, type
)
SELECT a.customer_id, a.type, a.m, max(l.ts) AS anchor_ts, any_value(l.first_day) AS first_day
FROM a LEFT JOIN event_links l ON l.customer_id = a.customer_id AND l.type = a.type AND l.ts < a.m
GROUP BY a.customer_id, a.type, a.m;

-- name: gather
-- What a load's build reads: the stored rows from each anchor on, and the added events.
CREATE OR REPLACE TEMP TABLE _link_source AS
SELECT l.customer_id, l.type, l.ts, l.amount, l.score, l.order_id, l.survey_scale,
       l.ts = p.anchor_ts AS anchor, l.day_before AS kept_day_before, p.first_day AS kept_first_day
FROM event_links l JOIN _link_pairs p
  ON l.customer_id = p.customer_id AND l.type = p.type AND l.ts >= coalesce(p.anchor_ts, p.m)
UNION ALL
SELECT x.customer_id, x.type, x.ts, CASE WHEN x.type = 'purchase' THEN CAST(coalesce(x.amount, 0) AS DECIMAL(18, 4)) END, x.score,
       x.order_id, x.survey_scale, false, NULL, CASE WHEN p.anchor_ts IS NOT NULL THEN p.first_day END
FROM {added} x JOIN _link_pairs p USING (customer_id, type);

-- name: clear
DELETE FROM event_links l USING _link_pairs p
WHERE l.customer_id = p.customer_id AND l.type = p.type AND l.ts >= coalesce(p.anchor_ts, p.m);

-- name: build_purchases
-- Each type that needs its neighbours in one window over its events sorted by customer and time
-- (purchases and logins apart: together they spilled to disk under the default 2 GB memory limit
-- at 100M events). Purchases at the same instant are ordered by amount, so the rows come out the
-- same whichever order they are read in (the features would not change, the table would).
INSERT INTO event_links
SELECT customer_id, 'purchase', ts, amount, NULL,
       CASE WHEN anchor THEN kept_day_before ELSE lag(CAST(ts AS DATE)) OVER w END,
       coalesce(kept_first_day, first_value(CAST(ts AS DATE)) OVER w),
       NULL, order_id, NULL
FROM (
  -- Money as features.sql sums it: exact (see there).
  SELECT customer_id, ts, CAST(coalesce(amount, 0) AS DECIMAL(18, 4)) AS amount, order_id, anchor, kept_day_before, kept_first_day
  FROM _link_source WHERE type = 'purchase' AND order_id IS NULL
  UNION ALL
  -- The lines of one order are one purchase, at its first line's time, their amounts summed.
  SELECT customer_id, min(ts), sum(CAST(coalesce(amount, 0) AS DECIMAL(18, 4))), order_id,
         bool_or(anchor), max(kept_day_before), max(kept_first_day)
  FROM _link_source WHERE type = 'purchase' AND order_id IS NOT NULL
  GROUP BY customer_id, order_id
)
WINDOW w AS (PARTITION BY customer_id ORDER BY ts, amount, order_id);

-- name: build_logins
-- Logins at the same instant differ only in next_day, which the one before gets either way.
INSERT INTO event_links
SELECT customer_id, 'login', ts, NULL, NULL, NULL, NULL, CAST(lead(ts) OVER w AS DATE), NULL, NULL
FROM (SELECT customer_id, ts FROM _link_source WHERE type = 'login')
WINDOW w AS (PARTITION BY customer_id ORDER BY ts);

-- name: build_others
-- The other types as they are, after the two above: stored apart from them. The cancelled lines of one
-- order are one refund.
INSERT INTO event_links
SELECT customer_id, type, ts, NULL, CASE WHEN type = 'survey' THEN score END, NULL, NULL, NULL, order_id,
       CASE WHEN type = 'survey' THEN survey_scale END
FROM _link_source
WHERE type NOT IN ('purchase', 'login', 'email_open') AND (type <> 'refund' OR order_id IS NULL)
UNION ALL
SELECT customer_id, 'refund', min(ts), NULL, NULL, NULL, NULL, NULL, order_id, NULL
FROM _link_source
WHERE type = 'refund' AND order_id IS NOT NULL
GROUP BY customer_id, order_id;

-- name: done_everything
DROP VIEW _link_source;

-- name: done_added
DROP TABLE _link_source; DROP TABLE _link_pairs;

-- name: record
INSERT INTO event_links_state SELECT count(*), $version FROM events;
