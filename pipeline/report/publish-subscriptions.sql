-- subscriptions.json (publish-subscriptions.ts): one statement per job. Parameters: $cutoff (the as-of
-- date), $grain ('year' or 'quarter': the signup cohorts), $limit (rows of the contracts list).

-- name: lifetimes
-- Every subscriber's lifetime, in the temp table subscription_lifetimes (read by the statements below).
-- The CTEs are pipeline/features/feature-fragments.sql's subscription_cte at cutoff = as-of, so
-- who is subscribed here is who the features call subscribed: started = the first start or payment;
-- a subscriber who is not subscribed at the as-of date ended at their cancellation (the last one, when
-- no start followed it) or, when the cover lapsed (contract end or paid until + 7 days of grace before
-- the as-of date), at the end of the cover; the earlier of the two when both hold. paid_stop: the end
-- of what was paid for (the sBG's whole periods).
CREATE OR REPLACE TEMP TABLE subscription_lifetimes AS
WITH {{subscription_cte}},
ends AS (
  SELECT customer_id, started, covered_until, contract_end, current_plan, mrr,
    CASE WHEN NOT coalesce(subscribed, false) THEN greatest(started, least(
      CASE WHEN last_cancel IS NOT NULL AND NOT coalesce(last_cancel < last_start, false) THEN last_cancel END,
      CASE WHEN covered_until + INTERVAL 7 DAY < $cutoff::TIMESTAMP THEN covered_until END)) END AS ended
  FROM subscription
  WHERE started IS NOT NULL
)
SELECT customer_id, started, ended, covered_until, contract_end, current_plan, mrr,
  CASE WHEN ended IS NULL THEN NULL
       WHEN covered_until IS NULL THEN 'cancellation'
       WHEN ended < covered_until OR covered_until + INTERVAL 7 DAY >= $cutoff::TIMESTAMP THEN 'cancellation'
       ELSE 'lapse' END AS ended_by,
  CASE WHEN ended IS NULL THEN NULL ELSE least(ended, coalesce(covered_until, ended)) END AS paid_stop
FROM ends;

-- name: lifetime_rows
SELECT customer_id, strftime(started, '%Y-%m-%d %H:%M:%S') AS started,
  strftime(ended, '%Y-%m-%d %H:%M:%S') AS ended, strftime(paid_stop, '%Y-%m-%d %H:%M:%S') AS paid_stop,
  ended_by, current_plan
FROM subscription_lifetimes
ORDER BY customer_id;

-- name: levels
-- Each subscriber's level of every categorical attribute (attribute_levels, attribute-levels.sql).
SELECT a.customer_id, a.name, a.level
FROM attribute_levels a JOIN subscription_lifetimes USING (customer_id)
WHERE a.number IS NULL
ORDER BY ALL;

-- name: monthly
-- The last 24 whole months before the as-of date (from the first start on). Per month [a, b):
-- subscribers at its start (started before a, not ended before a), ends in it among them, the MRR of
-- those subscribers at a (each one's latest payment before a, amount / billing months), the MRR that
-- left with the ends, and the MRR lost to downgrades (a payment lower than the one before with a plan
-- change between them: subscription_cte's rule). NRR at b: the MRR at b of the subscribers of b - 12
-- months (0 for those gone) over their MRR then.
WITH months AS (
  SELECT m AS a, m + INTERVAL 1 MONTH AS b
  FROM range(date_trunc('month', $cutoff::TIMESTAMP) - INTERVAL 24 MONTH, date_trunc('month', $cutoff::TIMESTAMP),
             INTERVAL 1 MONTH) r(m)
  WHERE m >= (SELECT date_trunc('month', min(started)) FROM subscription_lifetimes)
),
payments AS (
  SELECT customer_id, ts, amount / greatest(coalesce(term_months, 1), 1) AS monthly,
    lead(ts) OVER w AS next_ts,
    lag(amount / greatest(coalesce(term_months, 1), 1)) OVER w AS monthly_before,
    lag(ts) OVER w AS ts_before
  FROM events
  WHERE type = 'payment' AND amount IS NOT NULL AND ts < $cutoff::TIMESTAMP
  WINDOW w AS (PARTITION BY customer_id ORDER BY ts, amount)
),
alive AS (
  SELECT * FROM (
    SELECT l.customer_id, l.started, l.ended, m.a, r.role,
      CASE r.role WHEN 'start' THEN m.a WHEN 'end' THEN m.b ELSE m.b - INTERVAL 12 MONTH END AS t
    FROM subscription_lifetimes l, months m, (VALUES ('start'), ('end'), ('year_before')) r(role)
  )
  WHERE started < t AND (ended IS NULL OR ended >= t)
),
valued AS (
  SELECT al.*, coalesce(p.monthly, 0) AS mrr
  FROM alive al
  LEFT JOIN payments p ON p.customer_id = al.customer_id AND p.ts < al.t AND (p.next_ts IS NULL OR p.next_ts >= al.t)
),
per_month AS (
  SELECT a,
    count(*) FILTER (role = 'start') AS subscribers,
    count(*) FILTER (role = 'start' AND ended < a + INTERVAL 1 MONTH) AS ended,
    sum(mrr) FILTER (role = 'start') AS mrr_start,
    coalesce(sum(mrr) FILTER (role = 'start' AND ended < a + INTERVAL 1 MONTH), 0) AS mrr_lost_ends,
    sum(mrr) FILTER (role = 'year_before') AS nrr_base
  FROM valued GROUP BY a
),
retained AS (
  SELECT yb.a, sum(coalesce(e.mrr, 0)) AS nrr_now
  FROM valued yb LEFT JOIN valued e ON e.customer_id = yb.customer_id AND e.a = yb.a AND e.role = 'end'
  WHERE yb.role = 'year_before'
  GROUP BY yb.a
),
downgrades AS (
  SELECT m.a, sum(p.monthly_before - p.monthly) AS mrr_lost_downgrades
  FROM months m JOIN payments p ON p.ts >= m.a AND p.ts < m.b
  WHERE p.monthly < p.monthly_before - 0.005
    AND EXISTS (SELECT 1 FROM events c WHERE c.customer_id = p.customer_id AND c.type = 'plan_change'
                AND c.ts > p.ts_before AND c.ts <= p.ts)
  GROUP BY m.a
)
SELECT strftime(m.a, '%Y-%m') AS month, coalesce(pm.subscribers, 0) AS subscribers, coalesce(pm.ended, 0) AS ended,
  coalesce(pm.mrr_start, 0) AS mrr_start, coalesce(pm.mrr_lost_ends, 0) AS mrr_lost_ends,
  coalesce(d.mrr_lost_downgrades, 0) AS mrr_lost_downgrades, pm.nrr_base, r.nrr_now
FROM months m
LEFT JOIN per_month pm USING (a)
LEFT JOIN retained r USING (a)
LEFT JOIN downgrades d USING (a)
ORDER BY m.a;

-- name: renewal
-- Cohort x months since start: the share of the cohort's subscribers still subscribed m months after
-- their start, among those who started at least m months before the as-of date (observable at m).
-- $grain is 'year' or 'quarter'.
WITH members AS (
  SELECT customer_id, started, ended,
    CASE WHEN $grain = 'year' THEN strftime(started, '%Y')
         ELSE strftime(started, '%Y') || '-Q' || CAST(quarter(started) AS VARCHAR) END AS cohort
  FROM subscription_lifetimes
),
steps AS (
  SELECT range AS m FROM range(0, 1 + (SELECT date_sub('month', min(started), $cutoff::TIMESTAMP) FROM members))
)
SELECT cohort, m AS month, count(*) AS observed,
  count(*) FILTER (ended IS NULL OR ended > started + to_months(CAST(m AS INTEGER))) AS subscribed
FROM members, steps
WHERE started + to_months(CAST(m AS INTEGER)) <= $cutoff::TIMESTAMP
GROUP BY ALL
ORDER BY ALL;

-- name: contracts_due
-- Contracts (the latest start or renewal with a term of 2 months or more: a month-to-month plan renews
-- every month and is no contract) of subscribers at the as-of date ending within 90 days, with the
-- scores of that date. The temp table is read by contracts_summary and contracts_list.
CREATE OR REPLACE TEMP TABLE contracts_due AS
WITH terms AS (
  SELECT customer_id, arg_max(term_months, ts) AS term_months
  FROM events
  WHERE type IN ('subscription_start', 'renewal') AND term_months >= 1 AND ts < $cutoff::TIMESTAMP
  GROUP BY customer_id
)
SELECT l.customer_id, l.contract_end, t.term_months, l.current_plan, l.mrr,
  date_diff('day', $cutoff::TIMESTAMP, l.contract_end) AS days_left,
  s.churn_prob, s.risk_tier, s.value_at_risk
FROM subscription_lifetimes l
JOIN terms t USING (customer_id)
LEFT JOIN scores s ON s.customer_id = l.customer_id AND s.as_of = CAST($cutoff AS DATE)
WHERE l.ended IS NULL AND t.term_months >= 2
  AND l.contract_end > $cutoff::TIMESTAMP AND l.contract_end <= $cutoff::TIMESTAMP + INTERVAL 90 DAY;

-- name: contracts_summary
SELECT w.days, count(c.customer_id) AS contracts,
  count(c.customer_id) FILTER (c.risk_tier = 'high') AS high,
  count(c.customer_id) FILTER (c.risk_tier = 'medium') AS medium,
  count(c.customer_id) FILTER (c.risk_tier = 'low') AS low,
  coalesce(sum(c.mrr), 0) AS mrr, coalesce(sum(c.value_at_risk), 0) AS value_at_risk
FROM (VALUES (30), (60), (90)) w(days)
LEFT JOIN contracts_due c ON c.days_left <= w.days
GROUP BY w.days
ORDER BY w.days;

-- name: contracts_list
SELECT c.customer_id, cu.name, cu.email, cu.phone, strftime(c.contract_end, '%Y-%m-%d') AS contract_end,
  c.days_left, c.term_months, c.current_plan, c.mrr, c.churn_prob, c.risk_tier, c.value_at_risk
FROM contracts_due c JOIN customers cu USING (customer_id)
ORDER BY c.value_at_risk DESC NULLS LAST, c.churn_prob DESC NULLS LAST, c.customer_id
LIMIT $limit;
