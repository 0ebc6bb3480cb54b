-- The simulator's campaign cycle (pipeline/simulate/campaign-cycle.ts): the plan's actions at one date are
-- taken, and what they truly do is written into the history. Parameters: $as_of DATE, $horizon INTEGER (days).

-- name: tables
CREATE TABLE IF NOT EXISTS simulation_outcomes (
  cycle           INTEGER NOT NULL,
  as_of           DATE NOT NULL,
  action_id       VARCHAR NOT NULL,
  customer_id     VARCHAR NOT NULL,
  action          VARCHAR NOT NULL,
  is_control      BOOLEAN NOT NULL,
  lifecycle       VARCHAR,
  value_tier      VARCHAR,
  risk_tier       VARCHAR,
  churn_prob      DOUBLE,
  predicted_value DOUBLE,
  cost            DOUBLE NOT NULL,
  y0              BOOLEAN NOT NULL,  -- bought in the follow-up window without the action (the history as it was)
  p1              DOUBLE NOT NULL,   -- P(bought in the window) with the action, by the true effect
  y1              BOOLEAN NOT NULL   -- what happened: the action's draw for the contacted, y0 for the control group
)

-- name: cycle_inputs
-- Everyone the plan gave an action at the date (contacted or held out), with his segments and scores,
-- whether he bought in the follow-up window without any action, and his mean purchase so far.
WITH chosen AS (
  SELECT p.customer_id, p.action, p.channel, p.control, p.campaign, p.lifecycle, p.value_tier,
         s.risk_tier, s.churn_prob, s.predicted_value
  FROM plan p
  JOIN scores s ON s.as_of = p.as_of AND s.customer_id = p.customer_id
  WHERE p.as_of = CAST($as_of AS DATE) AND p.action IS NOT NULL
),
bought AS (
  SELECT e.customer_id,
         count(*) FILTER (e.ts > CAST($t0 AS TIMESTAMP) AND e.ts <= CAST($t0 AS TIMESTAMP) + to_days(CAST($horizon AS INTEGER))) > 0 AS y0,
         -- Exact decimal sums: a parallel sum of doubles depends on the order the threads add in.
         CAST(avg(CAST(e.amount AS DECIMAL(18, 4))) FILTER (e.ts < CAST($as_of AS DATE)) AS DOUBLE) AS mean_amount
  FROM events e
  WHERE e.type = 'purchase' AND e.customer_id IN (SELECT customer_id FROM chosen)
  GROUP BY e.customer_id
)
SELECT c.*, coalesce(b.y0, false) AS y0, b.mean_amount
FROM chosen c
LEFT JOIN bought b USING (customer_id)
ORDER BY c.customer_id

-- name: typical_amount
SELECT median(amount) AS amount FROM events WHERE type = 'purchase' AND ts < CAST($as_of AS DATE)

-- name: staging
-- Appended row by row (times as epoch milliseconds, dates as text: cheap to append); apply converts them.
CREATE OR REPLACE TABLE simulation_staged (
  cycle INTEGER, as_of VARCHAR, action_id VARCHAR, customer_id VARCHAR, ts DOUBLE, action VARCHAR, channel VARCHAR,
  cost DOUBLE, campaign VARCHAR, is_control BOOLEAN, lifecycle VARCHAR, value_tier VARCHAR, risk_tier VARCHAR,
  churn_prob DOUBLE, predicted_value DOUBLE, y0 BOOLEAN, p1 DOUBLE, y1 BOOLEAN, buy_ts DOUBLE, amount DOUBLE
)

-- name: apply
-- The actions, then their effect: a purchase in the window for each customer the action won, the window's
-- purchases (and their refunds) gone for each it lost; then the record of both potential outcomes.
CREATE OR REPLACE TEMP TABLE simulation_cycle AS
  SELECT * REPLACE (CAST(as_of AS DATE) AS as_of, epoch_ms(CAST(ts AS BIGINT)) AS ts,
                    epoch_ms(CAST(buy_ts AS BIGINT)) AS buy_ts)
  FROM simulation_staged;
INSERT INTO actions (action_id, customer_id, ts, action, channel, cost, campaign, is_control)
  SELECT action_id, customer_id, ts, action, channel, cost, campaign, is_control FROM simulation_cycle;
INSERT INTO events (event_id, customer_id, ts, type, amount)
  SELECT 'sim-' || action_id, customer_id, buy_ts, 'purchase', amount FROM simulation_cycle WHERE y1 AND NOT y0;
CREATE OR REPLACE TEMP TABLE simulation_removed AS
  SELECT e.event_id
  FROM events e
  JOIN simulation_cycle c
    ON e.customer_id = c.customer_id AND e.type = 'purchase'
   AND e.ts > c.ts AND e.ts <= c.ts + to_days(CAST($horizon AS INTEGER))
  WHERE c.y0 AND NOT c.y1;
DELETE FROM events WHERE type = 'refund' AND text IN (SELECT event_id FROM simulation_removed);
DELETE FROM events WHERE event_id IN (SELECT event_id FROM simulation_removed);
INSERT INTO simulation_outcomes
  SELECT cycle, as_of, action_id, customer_id, action, is_control, lifecycle, value_tier, risk_tier, churn_prob,
         predicted_value, cost, y0, p1, y1
  FROM simulation_cycle;
DROP TABLE simulation_removed;
DROP TABLE simulation_cycle;
DROP TABLE simulation_staged
