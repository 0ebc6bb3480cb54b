-- Set-based steps of loading one file, run inside its transaction. _stage holds the file's valid rows
-- (canonical columns + _line, _raw, _id_base, _content); _rejected holds rejected rows.
-- {id}, {table} and {columns} are identifiers chosen by the code, never user input.

-- name: number_hashed_ids
-- Ids built by hashing fields: the k-th identical row in a file gets the suffix ~k, so genuine repeats
-- (two equal purchases on one day) stay distinct and re-ingesting the file gives the same ids.
UPDATE _stage SET {id} = n.id
FROM (
  SELECT _line, _id_base || CASE WHEN rn > 1 THEN '~' || rn ELSE '' END AS id
  FROM (SELECT _line, _id_base, row_number() OVER (PARTITION BY _id_base ORDER BY _line) AS rn FROM _stage)
) n
WHERE _stage._line = n._line;

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

-- name: count_new
SELECT count(*) AS n FROM _stage s ANTI JOIN {table} t USING ({id});

-- name: count_changed_customers
-- A stored customer whose attributes this file changes (empty values in the file keep stored ones).
SELECT count(*) AS n FROM _stage s JOIN customers c USING (customer_id)
WHERE s.signup_date IS DISTINCT FROM c.signup_date
   OR coalesce(s.region, c.region) IS DISTINCT FROM c.region
   OR coalesce(s.channel, c.channel) IS DISTINCT FROM c.channel
   OR coalesce(s.plan, c.plan) IS DISTINCT FROM c.plan
   OR coalesce(s.name, c.name) IS DISTINCT FROM c.name
   OR coalesce(s.email, c.email) IS DISTINCT FROM c.email
   OR coalesce(s.phone, c.phone) IS DISTINCT FROM c.phone;

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

-- name: new_events
-- events has no key index (schema.sql): _stage holds one row per id by now (keep_first_of_each_id),
-- and the staged ids already stored are left out here, once, for the count, the insert and
-- event_links. Race-free because DuckDB lets one process write a file and ingest writes through one
-- connection, inside the load's transaction.
CREATE OR REPLACE TEMP TABLE _new AS
SELECT s.* FROM _stage s ANTI JOIN events e USING (event_id);

-- name: insert_events
INSERT INTO events
SELECT event_id, customer_id, epoch_ms(ts), type, amount, score, channel, text
FROM _new
ORDER BY ts, event_id;

-- name: added_events
-- The events this load added, as events holds them: event_links (features) takes them in.
CREATE OR REPLACE TEMP VIEW _added AS
SELECT customer_id, type, epoch_ms(ts) AS ts, amount, score FROM _new;

-- name: insert_actions
INSERT INTO actions
SELECT action_id, customer_id, epoch_ms(ts), action, channel, cost, campaign, is_control, contacted, accepted, text FROM _stage ORDER BY ts, action_id
ON CONFLICT (action_id) DO NOTHING;

-- name: save_rejects
INSERT INTO rejects SELECT $load_id, $file, line, reason, message, raw FROM _rejected ORDER BY line;

-- name: log_load
INSERT INTO ingest_log VALUES ($load_id, $file, $size, $sha256, $kind, $format, $mapping, $rows_read, $inserted,
  $updated, $already_present, $rejected, $customers_created, CAST($started_at AS TIMESTAMP), CAST($finished_at AS TIMESTAMP));
