-- Core tables of the churn database. Idempotent: safe to run on every open.
-- Interaction history (customers, events) is what users load; the rest is written by the pipeline.

CREATE TABLE IF NOT EXISTS customers (
  customer_id VARCHAR PRIMARY KEY,
  signup_date DATE NOT NULL,
  region      VARCHAR,
  channel     VARCHAR,          -- acquisition channel
  plan        VARCHAR,
  name        VARCHAR,          -- contact fields: personal data, masked on the report site
  email       VARCHAR,
  phone       VARCHAR
);

-- No PRIMARY KEY on event_id: DuckDB keeps a key's index (ART) in memory, and for ~70M ids building
-- it took more than 13 GB. Ids are kept unique by ingest instead (stage.sql insert_events: one row
-- per id in the file, ids already stored skipped, in the load's transaction). Databases created with
-- the key keep it; ingest works the same on both.
CREATE TABLE IF NOT EXISTS events (
  event_id    VARCHAR NOT NULL,     -- unique (see above)
  customer_id VARCHAR NOT NULL,
  ts          TIMESTAMP NOT NULL,
  type        VARCHAR NOT NULL,  -- one of EVENT_TYPES in pipeline/vocabulary.ts (purchase, refund, login, ...)
  amount      DOUBLE,            -- purchases and refunds
  score       DOUBLE,            -- surveys: NPS 0-10
  channel     VARCHAR,
  text        VARCHAR,
  order_id    VARCHAR,           -- order lines: the order (its purchase lines count as one purchase)
  quantity    DOUBLE,
  unit_price  DOUBLE,
  product     VARCHAR,
  category    VARCHAR,           -- interest features
  survey_scale VARCHAR,          -- surveys: nps (NULL), csat or stars (SURVEY_SCALES in vocabulary.ts)
  plan        VARCHAR,           -- subscriptions: the plan a start, renewal, plan change or payment is for
  term_months DOUBLE             -- subscriptions: a start's or renewal's contract term, a payment's billing period
);
-- Databases made before order lines and survey scales gain the columns (NULL: as before).
ALTER TABLE events ADD COLUMN IF NOT EXISTS order_id VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS quantity DOUBLE;
ALTER TABLE events ADD COLUMN IF NOT EXISTS unit_price DOUBLE;
ALTER TABLE events ADD COLUMN IF NOT EXISTS product VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS category VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS survey_scale VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS plan VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS term_months DOUBLE;

-- Customer attributes a mapping declared (beyond region, channel and plan, which are columns of
-- customers): one row per customer and attribute, categorical in value, numeric in number.
CREATE TABLE IF NOT EXISTS customer_attributes (
  customer_id VARCHAR NOT NULL,
  name        VARCHAR NOT NULL,
  value       VARCHAR,
  number      DOUBLE,
  PRIMARY KEY (customer_id, name)
);

-- The declarations: an attribute's kind and labels (the first file that declares it sets the kind;
-- a later file may not change it), and the event types declared besides the built-in ones.
CREATE TABLE IF NOT EXISTS attribute_declarations (
  name     VARCHAR PRIMARY KEY,
  kind     VARCHAR NOT NULL,   -- categorical | numeric
  label_en VARCHAR NOT NULL,
  label_zh VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS event_type_declarations (
  type     VARCHAR PRIMARY KEY,
  label_en VARCHAR NOT NULL,
  label_zh VARCHAR NOT NULL
);

-- What event_links (the events as the feature query reads them, pipeline/features/event-links.sql)
-- was built from: the number of events (loads only append) and the version of its build.
CREATE TABLE IF NOT EXISTS event_links_state (
  events  BIGINT NOT NULL,
  version VARCHAR NOT NULL
);
-- Replacing the history (a generator's `replace`, pipeline/generate/) recreates events empty and
-- then runs this file: the links of the old history must not pass for current, even if the new one
-- has as many events.
DELETE FROM event_links_state WHERE NOT EXISTS (SELECT 1 FROM events);

-- Free text read for sentiment and complaint themes (pipeline/text/, docs/voice.md): one row per
-- feedback event with text (config voice.types). Derived from events and rebuilt when stale.
CREATE TABLE IF NOT EXISTS text_signals (
  event_id    VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  ts          TIMESTAMP NOT NULL,
  type        VARCHAR NOT NULL,
  lang        VARCHAR NOT NULL,  -- zh | en | mixed | unknown
  sentiment   DOUBLE NOT NULL,   -- -1 (negative) .. 1 (positive)
  negative    BOOLEAN NOT NULL,
  themes      INTEGER NOT NULL   -- bit i set: the text mentions the i-th theme of text_state.themes
);
-- What text_signals was built from (the number of events, the version of the reading, the themes) and
-- how sentiment was read: the company's own model (its weights and held-out quality) or the lexicon.
CREATE TABLE IF NOT EXISTS text_state (
  events    BIGINT NOT NULL,
  version   VARCHAR NOT NULL,
  themes    VARCHAR NOT NULL,    -- JSON: [{code, label: {en, zh-CN}}], in bit order
  source    VARCHAR NOT NULL,    -- model | lexicon
  labelled  BIGINT NOT NULL,     -- scored answers with text when the sentiment model was (not) trained
  quality   VARCHAR NOT NULL,    -- JSON: why this source, held-out ROC-AUC, ECE, Brier, the lexicon's AUC
  model     VARCHAR,             -- JSON: the sentiment model's weights (NULL with the lexicon)
  built_at  TIMESTAMP NOT NULL
);
DELETE FROM text_state WHERE NOT EXISTS (SELECT 1 FROM events);

-- Set when the synthetic generator wrote `customers` and `events` (churn demo through to-duckdb.ts,
-- the SQL generator): the history it wrote, so that a database holding only the generator's rows can be
-- told apart from one with a user's data (pipeline/generate/provenance.ts). One row at most.
CREATE TABLE IF NOT EXISTS generated_history (
  generated_at TIMESTAMP NOT NULL,
  generator    VARCHAR NOT NULL,   -- js (generator.ts) or sql (generate-sql.sql)
  seed         BIGINT NOT NULL,
  customers    BIGINT NOT NULL,    -- rows the tables held when it had written them
  events       BIGINT NOT NULL
);

-- One row per (snapshot cutoff, customer): point-in-time features and, where observed, labels.
-- Columns are defined by features.sql; created there with CREATE OR REPLACE of a staging table.

CREATE TABLE IF NOT EXISTS models (
  model_id     VARCHAR PRIMARY KEY,
  created_at   TIMESTAMP NOT NULL,
  as_of        DATE NOT NULL,
  train_cutoff DATE NOT NULL,
  valid_cutoff DATE NOT NULL,
  path         VARCHAR NOT NULL,  -- directory holding model.json, weights.bin, metadata.json
  backend      VARCHAR NOT NULL,
  metrics      JSON NOT NULL
);

CREATE TABLE IF NOT EXISTS scores (
  model_id        VARCHAR NOT NULL,
  as_of           DATE NOT NULL,
  customer_id     VARCHAR NOT NULL,
  churn_prob      DOUBLE NOT NULL,
  risk_tier       VARCHAR NOT NULL,  -- high / medium / low by churn_prob (config riskThresholds)
  predicted_value DOUBLE NOT NULL,   -- expected spend in the value horizon
  value_tier      VARCHAR NOT NULL,  -- vip / high / medium / low by rank of predicted_value
  value_at_risk   DOUBLE NOT NULL,
  action          VARCHAR NOT NULL,
  reasons         VARCHAR NOT NULL,  -- reason codes, ';'-separated, most important first
  reason_labels   JSON NOT NULL,     -- [{"code", "en", "zh-CN"}]: the same reasons in words
  p_alive            DOUBLE,         -- BG/NBD P(alive); NULL without a purchase before as_of or a fit
  expected_purchases DOUBLE,         -- BG/NBD expected purchase days in the churn horizon
  btyd_clv           DOUBLE,         -- BG/NBD x Gamma-Gamma CLV over the value horizon, 1%/month discount
  -- Intervals (default 80%, docs/intervals.md) and the next purchase; NULL where there is none.
  value_low DOUBLE, value_high DOUBLE,           -- predicted_value
  churn_low DOUBLE, churn_high DOUBLE,           -- churn_prob (uncertainty of the estimate)
  p_alive_low DOUBLE, p_alive_high DOUBLE,       -- p_alive (parameter uncertainty)
  purchases_low DOUBLE, purchases_high DOUBLE,   -- purchase days in the churn horizon (predictive)
  clv_low DOUBLE, clv_high DOUBLE,               -- btyd_clv (predictive)
  next_purchase DATE,                            -- median date of the next purchase; NULL: not expected
  next_purchase_low DATE, next_purchase_high DATE,
  p_purchase_7 DOUBLE, p_purchase_30 DOUBLE,     -- P(a purchase within 7 / 30 days of as_of)
  interval_level DOUBLE                          -- the intervals' central probability (config intervals.level)
  -- No primary key: (as_of, customer_id) is unique because scoring replaces a date's rows, and
  -- DuckDB deletes rows from indexed tables slowly.
);
-- Databases scored before BTYD columns and intervals gain them (NULL: none), so exports and the
-- report read older scores too.
ALTER TABLE scores ADD COLUMN IF NOT EXISTS p_alive DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS expected_purchases DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS btyd_clv DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS value_low DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS value_high DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS churn_low DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS churn_high DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS p_alive_low DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS p_alive_high DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS purchases_low DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS purchases_high DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS clv_low DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS clv_high DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS next_purchase DATE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS next_purchase_low DATE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS next_purchase_high DATE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS p_purchase_7 DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS p_purchase_30 DOUBLE;
ALTER TABLE scores ADD COLUMN IF NOT EXISTS interval_level DOUBLE;

-- Retention actions taken (calls, visits, offers), including control-group hold-outs.
CREATE TABLE IF NOT EXISTS actions (
  action_id   VARCHAR PRIMARY KEY,
  customer_id VARCHAR NOT NULL,
  ts          TIMESTAMP NOT NULL,
  action      VARCHAR NOT NULL,
  channel     VARCHAR,
  cost        DOUBLE,
  campaign    VARCHAR,
  is_control  BOOLEAN NOT NULL DEFAULT false,
  contacted   BOOLEAN,             -- the contact was made (reached the customer); NULL: not reported
  accepted    BOOLEAN,             -- the customer took the offer; NULL: not reported
  text        VARCHAR
);

-- One row per ingested file (dry runs are not recorded).
CREATE TABLE IF NOT EXISTS ingest_log (
  load_id           VARCHAR PRIMARY KEY,
  file              VARCHAR NOT NULL,
  size_bytes        BIGINT NOT NULL,
  sha256            VARCHAR NOT NULL,
  kind              VARCHAR NOT NULL,
  format            VARCHAR NOT NULL,
  mapping           JSON NOT NULL,
  rows_read         BIGINT NOT NULL,
  inserted          BIGINT NOT NULL,
  updated           BIGINT NOT NULL,   -- customers whose attributes changed (part of already_present)
  already_present   BIGINT NOT NULL,
  rejected          BIGINT NOT NULL,
  customers_created BIGINT NOT NULL,   -- stub customers made from events (mapping missingCustomers: create)
  started_at        TIMESTAMP NOT NULL,
  finished_at       TIMESTAMP NOT NULL
);

-- Rows refused by ingest, with the reason and the row as it was in the file.
CREATE TABLE IF NOT EXISTS rejects (
  load_id  VARCHAR NOT NULL,
  file     VARCHAR NOT NULL,
  line     BIGINT NOT NULL,
  reason   VARCHAR NOT NULL,
  message  VARCHAR NOT NULL,
  raw      VARCHAR NOT NULL
);

-- The retention plan at one scoring date: segments and at most one action per customer (see
-- pipeline/plan/). One row per scored customer; action is NULL when nobody should be contacted.
CREATE TABLE IF NOT EXISTS plan (
  as_of        DATE NOT NULL,
  customer_id  VARCHAR NOT NULL,
  lifecycle    VARCHAR NOT NULL,   -- new / active / silent / churned
  value_tier   VARCHAR NOT NULL,   -- vip / high / medium / low
  r_score      TINYINT NOT NULL,   -- RFM quintile scores, 5 = best
  f_score      TINYINT NOT NULL,
  m_score      TINYINT NOT NULL,
  segment      VARCHAR NOT NULL,   -- named RFM segment
  action       VARCHAR,            -- playbook action code
  channel      VARCHAR,
  net_benefit  DOUBLE,             -- churn prob x value x expected reduction - cost
  priority     INTEGER,            -- 1 = contact first; NULL for control and uncontacted customers
  due_date     DATE,
  control      BOOLEAN NOT NULL,   -- held out: would have got `action`, is not contacted
  campaign     VARCHAR NOT NULL
);

-- Every export of an at-risk list, so a list in someone's inbox can be traced back.
CREATE TABLE IF NOT EXISTS exports (
  export_id   VARCHAR PRIMARY KEY,
  exported_at TIMESTAMP NOT NULL,
  file        VARCHAR NOT NULL,
  format      VARCHAR NOT NULL,
  as_of       DATE NOT NULL,
  model_id    VARCHAR,
  filters     JSON NOT NULL,
  rows        BIGINT NOT NULL,
  sha256      VARCHAR NOT NULL
);

-- Retraining runs (`churn retrain`): one row per run, written when it starts and when it ends; the
-- full run report (stages, counts, metrics, drift, decision) is `report` and runs/<run_id>.json.
CREATE TABLE IF NOT EXISTS runs (
  run_id      VARCHAR PRIMARY KEY,
  started_at  TIMESTAMP NOT NULL,
  ended_at    TIMESTAMP,
  status      VARCHAR NOT NULL,   -- running / succeeded / failed / aborted
  exit_code   INTEGER,
  as_of       DATE,
  decision    VARCHAR,            -- first / promoted / rejected / forced
  champion    VARCHAR,            -- the champion after the run
  challenger  VARCHAR,
  report      JSON NOT NULL
);

-- Realised performance of earlier scoring runs, once their churn window has passed.
CREATE TABLE IF NOT EXISTS realised (
  as_of          DATE NOT NULL,     -- the scoring date
  model_id       VARCHAR NOT NULL,
  computed_at    TIMESTAMP NOT NULL,
  run_id         VARCHAR,           -- the retraining run that computed it
  horizon_days   INTEGER NOT NULL,
  value_days     INTEGER NOT NULL,  -- days of spend behind `gini` (up to the value horizon)
  customers      BIGINT NOT NULL,
  auc            DOUBLE,
  ece            DOUBLE,
  gini           DOUBLE,
  predicted_rate DOUBLE,            -- mean churn probability
  actual_rate    DOUBLE,            -- share that did not purchase in the horizon
  PRIMARY KEY (as_of, model_id)
);
