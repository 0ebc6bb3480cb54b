-- voice.json (publish-voice.ts): the feedback texts text_signals read (pipeline/text/), as the Voice of
-- the customer page shows them. Parameters: $as_of (the as-of date; texts before it count, as in the
-- features), $horizon (config horizonDays), $themes (how many themes text_state lists: bit i of
-- text_signals.themes is theme i), $candidates (recent complaints read per theme for quotes), $every
-- (1 in $every texts is tokenised for the word counts). Read only: temp tables.

-- name: texts
-- The texts before the as-of date, in the temp table voice_texts (read by the statements below), and
-- the one-row table voice_bits of theme bits.
CREATE OR REPLACE TEMP TABLE voice_texts AS
SELECT event_id, customer_id, ts, type, lang, sentiment, negative, themes,
       ts >= $as_of::TIMESTAMP - INTERVAL 90 DAY AS recent,
       ts >= $as_of::TIMESTAMP - INTERVAL 180 DAY AND ts < $as_of::TIMESTAMP - INTERVAL 90 DAY AS previous
FROM text_signals
WHERE ts < $as_of::TIMESTAMP;
CREATE OR REPLACE TEMP TABLE voice_bits AS
SELECT CAST(unnest(range($themes)) AS INTEGER) AS bit;

-- name: totals
SELECT count(*) AS texts, count(*) FILTER (negative) AS negative, count(DISTINCT customer_id) AS customers,
       count(*) FILTER (negative AND recent) AS negative_recent,
       count(*) FILTER (negative AND previous) AS negative_previous,
       strftime(min(ts), '%Y-%m-%d') AS first, strftime(max(ts), '%Y-%m-%d') AS last
FROM voice_texts

-- name: theme_counts
-- Per theme: texts mentioning it, negative ones (complaints), and complaints in the last 90 days and
-- the 90 before.
SELECT b.bit, count(*) AS texts, count(*) FILTER (v.negative) AS negative,
       count(*) FILTER (v.negative AND v.recent) AS recent,
       count(*) FILTER (v.negative AND v.previous) AS previous
FROM voice_texts v JOIN voice_bits b ON (v.themes >> b.bit) & 1 = 1
GROUP BY b.bit
ORDER BY b.bit

-- name: churn_rates
-- Churn after a complaint, where the outcome is observed: every customer with a complaint (negative text)
-- about the theme at least $horizon days before the as-of date, anchored at the last such complaint;
-- churned = no purchase in the $horizon days after it. Group -1: any negative text; group -2: everyone,
-- anchored at their last event of any kind at least $horizon days before the as-of date.
WITH observed AS (
  SELECT customer_id, ts, themes FROM voice_texts
  WHERE negative AND ts <= $as_of::TIMESTAMP - to_days(CAST($horizon AS INTEGER))
),
anchors AS (
  SELECT b.bit AS grp, o.customer_id, max(o.ts) AS anchor
  FROM observed o JOIN voice_bits b ON (o.themes >> b.bit) & 1 = 1 GROUP BY 1, 2
  UNION ALL
  SELECT -1, customer_id, max(ts) FROM observed GROUP BY 2
  UNION ALL
  SELECT -2, customer_id, max(ts) FROM events
  WHERE ts <= $as_of::TIMESTAMP - to_days(CAST($horizon AS INTEGER)) GROUP BY 2
),
purchases AS (SELECT customer_id, ts FROM events WHERE type = 'purchase'),
next_purchase AS (
  SELECT a.grp, a.customer_id, a.anchor, p.ts AS next_ts
  FROM anchors a ASOF LEFT JOIN purchases p ON a.customer_id = p.customer_id AND p.ts > a.anchor
)
SELECT grp, count(*) AS customers,
       count(*) FILTER (next_ts IS NULL OR next_ts > anchor + to_days(CAST($horizon AS INTEGER))) AS churned
FROM next_purchase
GROUP BY grp
ORDER BY grp

-- name: current_risk
-- Mean churn probability of the as-of date's scores: of the customers with a complaint about the theme
-- in the last 90 days (group = bit), with any negative text then (-1), and of everyone scored (-2).
WITH recent AS (
  SELECT DISTINCT b.bit AS grp, v.customer_id
  FROM voice_texts v JOIN voice_bits b ON (v.themes >> b.bit) & 1 = 1
  WHERE v.negative AND v.recent
  UNION ALL
  SELECT DISTINCT -1, customer_id FROM voice_texts WHERE negative AND recent
),
scored AS (SELECT customer_id, churn_prob FROM scores WHERE as_of = CAST($as_of AS DATE))
SELECT r.grp, count(*) AS customers, avg(s.churn_prob) AS churn_prob
FROM recent r JOIN scored s USING (customer_id) GROUP BY r.grp
UNION ALL
SELECT -2, count(*), avg(churn_prob) FROM scored
ORDER BY 1

-- name: monthly
-- Mean sentiment, negative share and count per month, over all texts (lang 'all') and per language.
SELECT strftime(ts, '%Y-%m') AS month, coalesce(lang, 'all') AS lang, count(*) AS texts,
       avg(sentiment) AS sentiment, avg(CAST(negative AS INTEGER)) AS negative_share
FROM voice_texts
GROUP BY GROUPING SETS ((month), (month, lang))
ORDER BY month, lang

-- name: quotes
-- The $candidates latest complaints per theme with their text and the writer's own contact fields
-- (for masking them inside the text; they are never published).
WITH ranked AS (
  SELECT b.bit, v.event_id, v.customer_id, v.ts, v.type, v.lang, v.sentiment,
         row_number() OVER (PARTITION BY b.bit ORDER BY v.ts DESC, v.event_id) AS k
  FROM voice_texts v JOIN voice_bits b ON (v.themes >> b.bit) & 1 = 1
  WHERE v.negative
)
SELECT r.bit, strftime(r.ts, '%Y-%m-%d') AS date, r.type, r.lang, r.sentiment, e.text,
       c.name, c.email, c.phone
FROM ranked r JOIN events e ON e.event_id = r.event_id AND e.customer_id = r.customer_id
LEFT JOIN customers c ON c.customer_id = r.customer_id
WHERE r.k <= $candidates
ORDER BY r.bit, r.k

-- name: word_texts_count
-- Care notes are left out of the words: they are the staff's wording (called, customer, offered),
-- which would lead the list, not what customers say.
SELECT count(*) AS n FROM voice_texts
WHERE negative AND themes = 0 AND (recent OR previous) AND type <> 'care_contact'

-- name: word_texts
-- Complaints of the last 180 days that no theme tags, for the word counts (1 in $every of them, by a hash of the event id,
-- when there are many: the same share of both windows, so their counts stay comparable), with the
-- writer's contact fields: the words are counted in the masked text.
SELECT e.text, v.recent, c.name, c.email, c.phone
FROM voice_texts v JOIN events e ON e.event_id = v.event_id AND e.customer_id = v.customer_id
LEFT JOIN customers c ON c.customer_id = v.customer_id
WHERE v.negative AND v.themes = 0 AND (v.recent OR v.previous) AND v.type <> 'care_contact'
  AND hash(v.event_id) % CAST($every AS UBIGINT) = 0
