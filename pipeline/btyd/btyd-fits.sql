-- BTYD fits made by the pipeline (score stage), one row per (as-of date, model): what the report's
-- customer-base page shows and how the at-risk P(alive) columns were computed. Idempotent.
CREATE TABLE IF NOT EXISTS btyd_fits (
  as_of       DATE NOT NULL,
  model       VARCHAR NOT NULL,   -- bgnbd, gammagamma
  unit        VARCHAR NOT NULL,   -- time unit of the parameters (days)
  params      JSON NOT NULL,
  log_lik     DOUBLE NOT NULL,
  converged   BOOLEAN NOT NULL,
  iterations  INTEGER NOT NULL,
  customers   INTEGER NOT NULL,
  seconds     DOUBLE NOT NULL,
  message     VARCHAR NOT NULL,
  data        JSON NOT NULL,      -- facts about the calibration data the report needs (T percentiles, max frequency)
  PRIMARY KEY (as_of, model)
);
