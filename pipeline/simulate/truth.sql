-- The simulator's truth per action and segment after the first $cycle campaigns: the mean of p1 − y0 (the true
-- change in the chance of buying in the follow-up window) over everyone the plan gave the action, contacted or
-- held out; segments as effect-outcomes.sql reads them (lifecycle and value tier from the plan, risk tier from
-- the scores). Parameter: $cycle INTEGER.
WITH o AS (SELECT * FROM simulation_outcomes WHERE cycle <= CAST($cycle AS INTEGER)),
by_segment AS (
  SELECT action, is_control, p1, y0, 'lifecycle' AS dimension, lifecycle AS level FROM o WHERE lifecycle IS NOT NULL
  UNION ALL
  SELECT action, is_control, p1, y0, 'valueTier', value_tier FROM o WHERE value_tier IS NOT NULL
  UNION ALL
  SELECT action, is_control, p1, y0, 'riskTier', risk_tier FROM o WHERE risk_tier IS NOT NULL
  UNION ALL
  SELECT action, is_control, p1, y0, 'action', 'all' FROM o
)
SELECT action, dimension, level,
       count(*) FILTER (NOT is_control) AS treated,
       count(*) FILTER (is_control) AS control,
       -- Exact decimal sums: a parallel sum of doubles depends on the order the threads add in.
       CAST(avg(CAST(p1 - CAST(y0 AS DOUBLE) AS DECIMAL(18, 6))) AS DOUBLE) AS truth
FROM by_segment
GROUP BY action, dimension, level
ORDER BY action, dimension, level
