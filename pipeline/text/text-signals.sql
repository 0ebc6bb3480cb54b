-- The feedback texts text_signals reads (pipeline/text/text-signals.ts). Types and positions are
-- parameters; identifiers are fixed.

-- name: state
SELECT (SELECT count(*) FROM events) AS events,
       (SELECT to_json(s) FROM (SELECT * FROM text_state LIMIT 1) s)::VARCHAR AS state

-- name: labelled
-- Survey answers with a score and text: the company's own sentiment labels (one per event, in id
-- order, so the same data gives the same model).
SELECT event_id, text, score, coalesce(survey_scale, 'nps') AS scale
FROM events
WHERE type = 'survey' AND score IS NOT NULL AND text IS NOT NULL AND trim(text) <> ''
ORDER BY event_id

-- name: labelled_count
SELECT count(*) AS n
FROM events
WHERE type = 'survey' AND score IS NOT NULL AND text IS NOT NULL AND trim(text) <> ''

-- name: pending
-- The feedback events not yet read, and their distinct texts, numbered (in text order, so the same
-- data reads the same way): feedback repeats itself, and each distinct text is read once. The texts
-- are read in position order, the results come back as typed columns by position (text_numbers) and
-- are joined to the events by their text here.
CREATE OR REPLACE TEMP TABLE text_pending AS
SELECT e.event_id, e.customer_id, e.ts, e.type, e.text
FROM events e
WHERE list_contains($types, e.type) AND e.text IS NOT NULL AND trim(e.text) <> ''
  AND NOT EXISTS (SELECT 1 FROM text_signals s WHERE s.event_id = e.event_id);
CREATE OR REPLACE TEMP TABLE text_distinct AS
SELECT CAST(row_number() OVER (ORDER BY text) - 1 AS INTEGER) AS pos, text
FROM (SELECT DISTINCT text FROM text_pending)
ORDER BY pos;

-- name: pending_count
SELECT (SELECT count(*) FROM text_pending) AS events, (SELECT count(*) FROM text_distinct) AS n

-- name: pending_texts
SELECT text FROM text_distinct WHERE pos >= $from AND pos < $to ORDER BY pos

-- name: numbers
CREATE OR REPLACE TEMP TABLE text_numbers (pos INTEGER, lang UTINYINT, sentiment DOUBLE, themes INTEGER)

-- name: insert
INSERT INTO text_signals
SELECT p.event_id, p.customer_id, p.ts, p.type,
       ['zh', 'en', 'mixed', 'unknown'][n.lang + 1],
       n.sentiment, n.sentiment < $negative_below, n.themes
FROM text_pending p JOIN text_distinct d ON d.text = p.text JOIN text_numbers n ON n.pos = d.pos
ORDER BY p.ts, p.event_id;

-- name: cleanup
DROP TABLE IF EXISTS text_pending;
DROP TABLE IF EXISTS text_distinct;
DROP TABLE IF EXISTS text_numbers;

-- name: clear
DELETE FROM text_signals;

-- name: record
DELETE FROM text_state;
INSERT INTO text_state VALUES ($events, $version, $themes, $source, $labelled, $quality, $model, $built_at::TIMESTAMP);
