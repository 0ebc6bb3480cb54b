-- Set-based steps of loading one file, run inside its transaction. _stage holds the file's valid rows
-- (canonical columns + _line, _raw, _id_base, _content); _rejected holds rejected rows.
-- {id} is an identifier chosen by the code, never user input.

-- name: number_hashed_ids
-- Ids built by hashing fields: the k-th identical row in a file gets the suffix ~k, so genuine repeats
-- (two equal purchases on one day) stay distinct and re-ingesting the file gives the same ids.
UPDATE _stage SET {id} = n.id
FROM (
  SELECT _line, _id_base || CASE WHEN rn > 1 THEN '~' || rn ELSE '' END AS id
  FROM (SELECT _line, _id_base, row_number() OVER (PARTITION BY _id_base ORDER BY _line) AS rn FROM _stage)
) n
WHERE _stage._line = n._line;

-- name: stored_events
-- The staged rows whose id is already stored, each with the fields whose values differ ('' when
-- none). A stored row is never changed: the same row again is already present, other values are
-- rejected (conflicts_with_stored) so that a corrected export is seen rather than dropped. This is
-- the one scan of events a load makes (events has no key index); race-free because DuckDB lets one
-- process write a file and ingest writes through one connection, inside the load's transaction.
-- The scan matches ids only, then fetches the few matched rows by rowid: a join comparing the values
-- directly would read every column of every stored event.
CREATE OR REPLACE TEMP TABLE _stored AS
WITH hit AS (SELECT s._line, e.rowid AS rid FROM _stage s JOIN events e USING (event_id))
SELECT s._line, s.event_id AS id, concat_ws(', ',
  CASE WHEN s.customer_id IS DISTINCT FROM e.customer_id THEN 'customer_id' END,
  CASE WHEN epoch_ms(s.ts) IS DISTINCT FROM e.ts THEN 'ts' END,
  CASE WHEN s.type IS DISTINCT FROM e.type THEN 'type' END,
  CASE WHEN s.amount IS DISTINCT FROM e.amount THEN 'amount' END,
  CASE WHEN s.score IS DISTINCT FROM e.score THEN 'score' END,
  CASE WHEN s.channel IS DISTINCT FROM e.channel THEN 'channel' END,
  CASE WHEN s.text IS DISTINCT FROM e.text THEN 'text' END,
  CASE WHEN s.order_id IS DISTINCT FROM e.order_id THEN 'order_id' END,
  CASE WHEN s.quantity IS DISTINCT FROM e.quantity THEN 'quantity' END,
  CASE WHEN s.unit_price IS DISTINCT FROM e.unit_price THEN 'unit_price' END,
  CASE WHEN s.product IS DISTINCT FROM e.product THEN 'product' END,
  CASE WHEN s.category IS DISTINCT FROM e.category THEN 'category' END,
  CASE WHEN s.survey_scale IS DISTINCT FROM e.survey_scale THEN 'survey_scale' END,
  CASE WHEN s.plan IS DISTINCT FROM e.plan THEN 'plan' END,
  CASE WHEN s.term_months IS DISTINCT FROM e.term_months THEN 'term_months' END) AS differs
FROM hit JOIN _stage s USING (_line) JOIN events e ON e.rowid = hit.rid;

-- name: stored_actions
-- As stored_events, for actions: outcomes reported later (contacted, accepted) count as other values.
CREATE OR REPLACE TEMP TABLE _stored AS
SELECT s._line, s.action_id AS id, concat_ws(', ',
  CASE WHEN s.customer_id IS DISTINCT FROM a.customer_id THEN 'customer_id' END,
  CASE WHEN epoch_ms(s.ts) IS DISTINCT FROM a.ts THEN 'ts' END,
  CASE WHEN s.action IS DISTINCT FROM a.action THEN 'action' END,
  CASE WHEN s.channel IS DISTINCT FROM a.channel THEN 'channel' END,
  CASE WHEN s.cost IS DISTINCT FROM a.cost THEN 'cost' END,
  CASE WHEN s.campaign IS DISTINCT FROM a.campaign THEN 'campaign' END,
  CASE WHEN s.is_control IS DISTINCT FROM a.is_control THEN 'is_control' END,
  CASE WHEN s.contacted IS DISTINCT FROM a.contacted THEN 'contacted' END,
  CASE WHEN s.accepted IS DISTINCT FROM a.accepted THEN 'accepted' END,
  CASE WHEN s.text IS DISTINCT FROM a.text THEN 'text' END) AS differs
FROM _stage s JOIN actions a USING (action_id);

-- name: reject_conflicts_with_stored
INSERT INTO _rejected
SELECT t._line, 'conflicts_with_stored', '{id} ' || t.id || ' is already stored with other values (' || t.differs || '); the stored row is kept', s._raw
FROM _stored t JOIN _stage s USING (_line)
WHERE t.differs <> '';

-- name: count_stored
SELECT count(*) FILTER (WHERE differs = '') AS same, count(*) FILTER (WHERE differs <> '') AS differ,
       count(DISTINCT id) FILTER (WHERE differs <> '') AS ids
FROM _stored;

-- name: differing_ids
-- In file order, the first $limit of them (the rejects hold every row).
SELECT id FROM _stored WHERE differs <> '' GROUP BY id ORDER BY min(_line) LIMIT $limit;

-- name: drop_stored
-- Whatever the file says about a stored id has been counted or rejected: the rest of the steps see
-- only new ids.
DELETE FROM _stage WHERE _line IN (SELECT _line FROM _stored);

-- name: first_of_each_id
CREATE OR REPLACE TEMP TABLE _first AS
SELECT {id}, arg_min(_line, _line) AS _line, arg_min(_content, _line) AS _content, count(*) AS n
FROM _stage GROUP BY {id};

-- name: reject_conflicting_duplicates
-- The same id again with different content: the first occurrence wins, later ones are rejected.
INSERT INTO _rejected
SELECT s._line, 'conflicting_duplicate', '{id} ' || s.{id} || ' appears on line ' || f._line || ' with different content', s._raw
FROM _stage s JOIN _first f USING ({id})
WHERE f.n > 1 AND s._line <> f._line AND s._content <> f._content;

-- name: count_repeats_in_file
-- The same row again (same id, same content): counted as already present, loaded once.
SELECT count(*) AS n FROM _stage s JOIN _first f USING ({id})
WHERE f.n > 1 AND s._line <> f._line AND s._content = f._content;

-- name: keep_first_of_each_id
DELETE FROM _stage WHERE _line NOT IN (SELECT _line FROM _first);

-- name: reject_unknown_customers
INSERT INTO _rejected
SELECT s._line, 'unknown_customer', 'customer_id ' || s.customer_id || ' is not a known customer', s._raw
FROM _stage s ANTI JOIN customers c USING (customer_id);

-- name: drop_rejected
DELETE FROM _stage WHERE _line IN (SELECT line FROM _rejected);

-- name: create_stub_customers
-- Customers known only from their events: signed up on the day of their first event in this file.
INSERT INTO customers (customer_id, signup_date)
SELECT s.customer_id, min(CAST(epoch_ms(s.ts) AS DATE))
FROM _stage s ANTI JOIN customers c USING (customer_id)
GROUP BY s.customer_id;

-- name: count_new_customers
-- Customers only: events and actions lost their stored ids in drop_stored.
SELECT count(*) AS n FROM _stage s ANTI JOIN customers c USING (customer_id);

-- name: count_changed_customers
-- A stored customer whose attributes this file changes (empty values in the file keep stored ones).
WITH attribute_changes AS (
  SELECT DISTINCT a._line FROM _stage_attributes a JOIN _stage s USING (_line)
  LEFT JOIN customer_attributes ca ON ca.customer_id = s.customer_id AND ca.name = a.name
  WHERE ca.value IS DISTINCT FROM a.value OR ca.number IS DISTINCT FROM a.number
)
SELECT count(*) AS n FROM _stage s JOIN customers c USING (customer_id)
WHERE s.signup_date IS DISTINCT FROM c.signup_date
   OR coalesce(s.region, c.region) IS DISTINCT FROM c.region
   OR coalesce(s.channel, c.channel) IS DISTINCT FROM c.channel
   OR coalesce(s.plan, c.plan) IS DISTINCT FROM c.plan
   OR coalesce(s.name, c.name) IS DISTINCT FROM c.name
   OR coalesce(s.email, c.email) IS DISTINCT FROM c.email
   OR coalesce(s.phone, c.phone) IS DISTINCT FROM c.phone
   OR s._line IN (SELECT _line FROM attribute_changes);

-- name: upsert_customers
INSERT INTO customers
SELECT customer_id, signup_date, region, channel, plan, name, email, phone FROM _stage ORDER BY customer_id
ON CONFLICT (customer_id) DO UPDATE SET
  signup_date = EXCLUDED.signup_date,
  region = coalesce(EXCLUDED.region, region),
  channel = coalesce(EXCLUDED.channel, channel),
  plan = coalesce(EXCLUDED.plan, plan),
  name = coalesce(EXCLUDED.name, name),
  email = coalesce(EXCLUDED.email, email),
  phone = coalesce(EXCLUDED.phone, phone);

-- name: upsert_attributes
-- The declared attributes of the rows that stay in _stage (new customers and updates; new events),
-- a customer's latest row winning (the latest file, and in an events file the latest line): a value
-- replaces the stored one, an empty cell keeps it (no row was staged for it).
INSERT INTO customer_attributes
SELECT s.customer_id, a.name,
       list(a.value ORDER BY s._line DESC)[1], list(a.number ORDER BY s._line DESC)[1]
FROM _stage_attributes a JOIN _stage s USING (_line)
GROUP BY s.customer_id, a.name
ON CONFLICT (customer_id, name) DO UPDATE SET value = EXCLUDED.value, number = EXCLUDED.number;

-- name: insert_events
INSERT INTO events BY NAME
SELECT event_id, customer_id, epoch_ms(ts) AS ts, type, amount, score, channel, text,
       order_id, quantity, unit_price, product, category, survey_scale, plan, term_months
FROM _stage
ORDER BY ts, event_id;

-- name: added_events
-- The events this load added, as events holds them: event_links (features) takes them in.
CREATE OR REPLACE TEMP VIEW _added AS
SELECT customer_id, type, epoch_ms(ts) AS ts, amount, score, order_id, survey_scale FROM _stage;

-- name: insert_actions
-- ON CONFLICT only as a guard: stored ids left _stage in drop_stored.
INSERT INTO actions
SELECT action_id, customer_id, epoch_ms(ts), action, channel, cost, campaign, is_control, contacted, accepted, text FROM _stage ORDER BY ts, action_id
ON CONFLICT (action_id) DO NOTHING;

-- name: save_rejects
INSERT INTO rejects SELECT $load_id, $file, line, reason, message, raw FROM _rejected ORDER BY line;

-- name: log_load
INSERT INTO ingest_log VALUES ($load_id, $file, $size, $sha256, $kind, $format, $mapping, $rows_read, $inserted,
  $updated, $already_present, $rejected, $customers_created, CAST($started_at AS TIMESTAMP), CAST($finished_at AS TIMESTAMP));
