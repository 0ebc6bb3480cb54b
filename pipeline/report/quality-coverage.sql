-- History coverage: events per month and type before the as-of date (gaps show as missing cells).
-- Parameters: $as_of DATE.
SELECT strftime(date_trunc('month', ts), '%Y-%m') AS month, type, count(*) AS events
FROM events
WHERE ts < CAST($as_of AS TIMESTAMP)
GROUP BY 1, 2
ORDER BY 1, 2
