-- Which data each feature snapshot was built from, so a later stage can tell whether it is current.
-- name: create
CREATE TABLE IF NOT EXISTS snapshot_state (
  cutoff             DATE PRIMARY KEY,
  data_version       VARCHAR NOT NULL,
  horizon_days       INTEGER NOT NULL,
  value_horizon_days INTEGER NOT NULL,
  observed_until     DATE NOT NULL,
  built_at           TIMESTAMP NOT NULL
);

-- name: data
-- The history as it stands: loads only append (ingest never updates an event and never loads one
-- twice) and every load, customer updates included, writes one ingest_log row; the counts change
-- whenever anything a snapshot reads does.
SELECT (SELECT count(*) FROM events) AS events,
       (SELECT count(*) FROM customers) AS customers,
       (SELECT count(*) FROM ingest_log) AS loads,
       (SELECT coalesce(max(load_id), '') FROM ingest_log) AS last_load,
       -- How feedback text was read (pipeline/text/): other themes or a new sentiment model change it.
       (SELECT coalesce(max(version || '@' || CAST(built_at AS VARCHAR)), '') FROM text_state) AS text;

-- name: forget
DELETE FROM snapshot_state WHERE cutoff = CAST($cutoff AS DATE);

-- name: forget_all
DELETE FROM snapshot_state;

-- name: record
INSERT INTO snapshot_state VALUES (CAST($cutoff AS DATE), $data_version, $horizon, $value_horizon, CAST($observed_until AS DATE), CAST($now AS TIMESTAMP));

-- name: find
SELECT data_version, horizon_days, value_horizon_days, strftime(observed_until, '%Y-%m-%d') AS observed_until, strftime(built_at, '%Y-%m-%d %H:%M:%S') AS built_at
FROM snapshot_state WHERE cutoff = CAST($cutoff AS DATE);
