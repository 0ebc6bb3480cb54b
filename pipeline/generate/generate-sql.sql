-- Set-based synthetic history for large sizes (1M customers, ~100M events in minutes): the churn
-- mechanism of generator.ts in spirit, drawn per customer in closed form instead of simulated week
-- by week. {{seed}}, {{customers}}, {{id_width}}, {{start_day}} and {{end_day}} (epoch days, end exclusive)
-- are whole numbers pasted by sql-generator.ts (validated there; macros cannot take bound parameters);
-- the file has three parts (setup, `-- @block`, `-- @finish`) that sql-generator.ts runs in turn;
-- every random number is hash(customer, stream, index, seed): deterministic, order- and thread-free.
-- Kept from generator.ts: profiles (region, channel, plan, VIP, purchase/login/email/ticket rates,
-- spend, frailty, satisfaction) with the same weights and means; churn hazard 0.02 x frailty x plan
-- x early tenure x detractor, x5 from an unresolved ticket on; 25% leave at once, 75% taper for 3-10
-- weeks (activity x (1 - k/(L+1))^1.5); after leaving a trickle of logins and email opens; refunds,
-- resolutions, surveys (NPS) and care calls. Left out: weekly engagement dynamics, calendar
-- seasonality, hour-of-day curve, win-back, events referring to other events (text is NULL there).

CREATE OR REPLACE TEMP MACRO gu(i, s, k) AS ((hash(i, s, k, {{seed}}) >> 11)::DOUBLE + 0.5) / 9007199254740992.0;
CREATE OR REPLACE TEMP MACRO gn(i, s, k) AS sqrt(-2 * ln(gu(i, s, k))) * cos(2 * pi() * gu(i, s + 500, k));
-- Poisson-like count with mean m (normal approximation, randomised rounding for small means).
CREATE OR REPLACE TEMP MACRO gcount(m, i, s) AS CAST(greatest(0, floor(m + sqrt(m) * gn(i, s, 0) * CASE WHEN m < 4 THEN 0.5 ELSE 1 END + gu(i, s, 1))) AS INTEGER);

CREATE OR REPLACE TEMP TABLE g_customers AS
WITH base AS (
  SELECT i,
    CASE WHEN gu(i, 1, 0) < 0.45
      THEN {{start_day}} - CAST(least(3650, floor(-420 * ln(gu(i, 2, 0)))) AS INTEGER)
      ELSE {{start_day}} + CAST(floor(gu(i, 2, 0) * ({{end_day}} - {{start_day}})) AS INTEGER) END AS signup_day,
    gu(i, 3, 0) AS ur, gu(i, 4, 0) AS uc, gu(i, 5, 0) AS up,
    gu(i, 6, 0) < 0.025 AS vip,
    exp(0.8 * gn(i, 7, 0) - 0.32) AS rate_factor,
    exp(-0.18 + 0.6 * gn(i, 8, 0)) AS spend_factor,
    exp(0.7 * gn(i, 9, 0) - 0.245) AS login_factor,
    exp(0.8 * gn(i, 10, 0) - 0.32) AS email_factor,
    exp(0.7 * gn(i, 11, 0) - 0.245) AS ticket_factor,
    exp(-0.125 + 0.5 * gn(i, 12, 0)) AS frailty,
    1.2 * gn(i, 13, 0) AS satisfaction
  FROM range(1, {{customers}} + 1) t(i)
), profile AS (
  SELECT *,
    CASE WHEN ur < 0.27 THEN 'north' WHEN ur < 0.52 THEN 'south' WHEN ur < 0.79 THEN 'east' WHEN ur < 0.92 THEN 'west' ELSE 'overseas' END AS region,
    CASE WHEN uc < 0.34 THEN 'web' WHEN uc < 0.64 THEN 'app' WHEN uc < 0.80 THEN 'store' WHEN uc < 0.92 THEN 'referral' ELSE 'partner' END AS channel
  FROM base
), rated AS (
  SELECT *,
    CASE WHEN channel = 'partner'
      THEN CASE WHEN up < 0.25 THEN 'basic' WHEN up < 0.45 THEN 'standard' WHEN up < 0.55 THEN 'premium' ELSE 'discount' END
      ELSE CASE WHEN up < 0.35 THEN 'basic' WHEN up < 0.65 THEN 'standard' WHEN up < 0.78 THEN 'premium' ELSE 'discount' END END AS plan,
    greatest(signup_day, {{start_day}}) AS first_day
  FROM profile
), hazard AS (
  SELECT *,
    CASE plan WHEN 'basic' THEN 0.9 WHEN 'standard' THEN 1.2 WHEN 'premium' THEN 1.6 ELSE 1.0 END * rate_factor * CASE WHEN vip THEN 2 ELSE 1 END AS purchase_rate,
    CASE plan WHEN 'basic' THEN 40 WHEN 'standard' THEN 60 WHEN 'premium' THEN 120 ELSE 25 END * spend_factor * CASE WHEN vip THEN 5 ELSE 1 END AS spend,
    2.6 * CASE channel WHEN 'app' THEN 1.3 WHEN 'store' THEN 0.5 WHEN 'partner' THEN 0.8 ELSE 1 END * sqrt(rate_factor) * login_factor AS login_rate,
    1.3 * email_factor AS email_rate,
    CASE channel WHEN 'web' THEN 0.2 WHEN 'app' THEN 0.85 WHEN 'partner' THEN 0.4 ELSE 0.5 END AS app_share,
    -- Monthly hazard: frailty x plan x early tenure (x2.5 in the first months, as 1 + 1.5 exp(-t/4)) x
    -- detractor (a satisfaction that makes NPS replies 0-6: x4; others: 0.85 on average).
    0.02 * frailty * CASE plan WHEN 'discount' THEN 1.9 WHEN 'standard' THEN 0.85 WHEN 'premium' THEN 0.6 ELSE 1 END
      * CASE WHEN signup_day >= {{start_day}} - 120 THEN 1.8 ELSE 1.05 END
      * CASE WHEN 8.2 + satisfaction < 6.5 THEN 4 ELSE 0.85 END AS monthly_hazard
  FROM rated
), fired AS (
  SELECT *,
    0.08 * ticket_factor + 0.01 * purchase_rate AS ticket_rate,
    first_day + (-ln(gu(i, 14, 0)) / least(monthly_hazard, 0.8)) * 30.44 AS base_fire,
    -- An unresolved ticket at bad_day multiplies the hazard by 5 from then on (memoryless: the rest of the wait / 5).
    CASE WHEN gu(i, 15, 0) < 1 - exp(-(0.08 * ticket_factor + 0.01 * purchase_rate) * 0.15 * 24)
      THEN first_day + gu(i, 16, 0) * ({{end_day}} - first_day) END AS bad_day
  FROM hazard
)
SELECT *,
  CASE WHEN bad_day IS NOT NULL AND bad_day < base_fire THEN bad_day + (base_fire - bad_day) / 5 ELSE base_fire END AS fire_day,
  CASE WHEN gu(i, 17, 0) < 0.25 THEN 0 ELSE 3 + floor(gu(i, 18, 0) * 8) END AS taper_weeks,
  'C' || lpad(CAST(i AS VARCHAR), {{id_width}}, '0') AS customer_id
FROM fired;

-- One row per (customer, event type): how many candidate events in which window and at what rate.
-- Alive window [first_day, leave_day) with thinning in the taper; after leaving, the trickle rates.
CREATE OR REPLACE TEMP TABLE g_plan AS
WITH w AS (
  SELECT *, least(fire_day + 7 * taper_weeks, {{end_day}}) AS leave_day FROM g_customers
), kinds(t, kind, rate_col) AS (
  VALUES (1, 'purchase', 0), (2, 'login', 1), (3, 'email_open', 2), (4, 'support_ticket', 3), (5, 'survey', 4), (6, 'care_contact', 5)
)
SELECT w.i, w.customer_id, k.t, k.kind, w.first_day, w.fire_day, w.leave_day, w.taper_weeks, w.spend, w.app_share, w.plan, w.satisfaction, w.bad_day, w.channel,
  greatest(0, w.leave_day - w.first_day) AS alive_days,
  greatest(0, {{end_day}} - w.leave_day) AS gone_days,
  CASE k.t WHEN 1 THEN w.purchase_rate WHEN 2 THEN w.login_rate WHEN 3 THEN w.email_rate WHEN 4 THEN w.ticket_rate WHEN 5 THEN 0.075 ELSE 0.03 END AS rate,
  CASE k.t WHEN 2 THEN 0.02 WHEN 3 THEN 0.15 WHEN 4 THEN 0.05 WHEN 5 THEN 0.0125 WHEN 6 THEN 0.05 ELSE 0 END AS gone_factor
FROM w, kinds k;

CREATE OR REPLACE TEMP VIEW g_events AS
WITH candidates AS (
  SELECT i, customer_id, t, kind, first_day, fire_day, leave_day, taper_weeks, spend, app_share, plan, satisfaction, bad_day, channel, gone_days,
    unnest(range(gcount(rate * alive_days / 30.44, i, 20 + t) + gcount(rate * gone_factor * gone_days / 30.44, i, 40 + t))) AS k,
    gcount(rate * alive_days / 30.44, i, 20 + t) AS alive_n
  FROM g_plan WHERE i >= getvariable('gen_lo') AND i < getvariable('gen_hi')
), placed AS (
  SELECT *,
    CASE WHEN k < alive_n THEN first_day + gu(i, 100 + t, k) * (leave_day - first_day)
         ELSE leave_day + gu(i, 100 + t, k) * gone_days END AS day
  FROM candidates
)
SELECT i, customer_id, t, kind, k, plan, spend, app_share, satisfaction, bad_day, channel, fire_day,
  make_timestamp(CAST(round(day * 86400) AS BIGINT) * 1000000) AS ts
FROM placed
-- The taper: activity (1 - week/(L+1))^1.5 between the hazard firing and leaving.
WHERE day < fire_day OR k >= alive_n OR gu(i, 200 + t, k) < pow(greatest(0, 1 - (day - fire_day) / 7 / (taper_weeks + 1)), 1.5);

CREATE OR REPLACE TEMP VIEW g_all AS
SELECT customer_id, i, t, k, ts, kind AS type,
  CASE WHEN t = 1 THEN round(greatest(0.5, spend * exp(-0.125 + 0.5 * gn(i, 300, k))), 2) END AS amount,
  CASE WHEN t = 5 THEN least(10, greatest(0, round(8.2 + satisfaction + 1.1 * gn(i, 301, k) - CASE WHEN ts >= make_timestamp(CAST(fire_day * 86400 AS BIGINT) * 1000000) THEN 2.5 ELSE 0 END))) END AS score,
  CASE t WHEN 1 THEN CASE WHEN gu(i, 302, k) < CASE WHEN channel = 'store' THEN 0.55 ELSE 0.05 END THEN 'store' WHEN gu(i, 303, k) < app_share THEN 'app' ELSE 'web' END
         WHEN 2 THEN CASE WHEN gu(i, 303, k) < app_share THEN 'app' ELSE 'web' END
         WHEN 3 THEN 'email' WHEN 4 THEN CASE WHEN gu(i, 304, k) < 0.45 THEN 'email' ELSE 'chat' END
         WHEN 5 THEN CASE WHEN gu(i, 305, k) < 0.6 THEN 'email' ELSE 'app' END ELSE 'phone' END AS channel,
  CASE t WHEN 1 THEN (['electronics', 'apparel', 'home', 'beauty', 'grocery', 'books', 'sports', 'toys'])[1 + CAST(floor(gu(i, 306, k) * 8) AS INTEGER)]
         WHEN 3 THEN 'newsletter-' || strftime(ts, '%Y-%m')
         WHEN 4 THEN 'Order delayed' WHEN 6 THEN 'retention offer' END AS text,
  plan
FROM g_events
UNION ALL -- the unresolved ticket that raised the hazard
SELECT customer_id, i, 4, 1000000, make_timestamp(CAST(round(bad_day * 86400) AS BIGINT) * 1000000), 'support_ticket', NULL, NULL, 'email', 'Refund not received', plan
FROM g_customers WHERE bad_day IS NOT NULL AND bad_day < least(fire_day + 7 * taper_weeks, {{end_day}})
  AND i >= getvariable('gen_lo') AND i < getvariable('gen_hi');

CREATE OR REPLACE TEMP VIEW g_derived AS
SELECT customer_id, i, 7 AS t, k, ts + to_seconds(CAST((1 + floor(8 * gu(i, 400, k))) * 86400 + floor(gu(i, 401, k) * 36000) AS BIGINT)) AS ts,
  'refund' AS type, -greatest(0.01, round(amount * CASE WHEN gu(i, 402, k) < 0.7 THEN 1 ELSE 0.2 + 0.4 * gu(i, 403, k) END, 2)) AS amount,
  NULL::DOUBLE AS score, channel, NULL AS text
FROM g_all WHERE t = 1 AND gu(i, 404, k) < CASE WHEN plan = 'discount' THEN 0.06 ELSE 0.035 END
UNION ALL
SELECT customer_id, i, 8, k, ts + to_seconds(CAST(round(3600 * greatest(1, exp(ln(20) + 1.1 * gn(i, 405, k)))) AS BIGINT)),
  'ticket_resolved', NULL, NULL, channel, NULL
FROM g_all WHERE t = 4 AND k < 1000000 AND gu(i, 406, k) < 0.9;

-- Events are drawn a block of customers at a time (by sql-generator.ts) into an
-- unsorted staging table, so memory stays bounded; the last step sorts them once.
CREATE OR REPLACE TABLE generate_staging AS
SELECT customer_id, t, k, ts, type, amount, score, channel, text FROM g_all LIMIT 0;

-- @block (run once per block of customers, with the variables gen_lo and gen_hi set)
INSERT INTO generate_staging
SELECT customer_id, t, k, ts, type, amount, score, channel, text FROM g_all
UNION ALL SELECT customer_id, t, k, ts, type, amount, score, channel, text FROM g_derived;

-- @finish (one transaction, with the schema's tables recreated just before)
INSERT INTO customers
SELECT customer_id, DATE '1970-01-01' + signup_day, region, channel, plan,
  'Customer ' || i, 'c' || i || '@example.com', '+86 138 ' || lpad(CAST(i % 10000 AS VARCHAR), 4, '0') || ' ' || lpad(CAST(i // 10000 % 10000 AS VARCHAR), 4, '0')
FROM g_customers ORDER BY customer_id;

-- Stored in time order (feature queries are faster over time-sorted events); ids name customer, type and index.
INSERT INTO events (event_id, customer_id, ts, type, amount, score, channel, text)
SELECT 'E' || substr(customer_id, 2) || '-' || t || '-' || k, customer_id, ts, type, amount, score, channel, text
FROM generate_staging
WHERE ts < make_timestamp(CAST({{end_day}} AS BIGINT) * 86400 * 1000000)
ORDER BY ts;
