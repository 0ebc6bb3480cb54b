-- Distribution of the network's predicted value at one as-of date: 30 equal bins from 0 to the 99th
-- percentile, the last bin also holding everything above it. Parameters: $as_of DATE.
WITH v AS (SELECT greatest(predicted_value, 0) AS value FROM scores WHERE as_of = CAST($as_of AS DATE)),
q AS (SELECT greatest(quantile_cont(value, 0.99), 1e-9) / 30 AS width FROM v)
SELECT CAST(least(floor(v.value / q.width), 29) AS INTEGER) AS bin, any_value(q.width) AS width, count(*) AS customers
FROM v, q
GROUP BY 1
ORDER BY 1
