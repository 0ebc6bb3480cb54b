-- A number as JSON: a non-finite one (no attribution) is null, as JSON.stringify writes it.
CREATE OR REPLACE TEMP MACRO impact_json(x) AS CASE WHEN isfinite(x) THEN CAST(x AS VARCHAR) ELSE 'null' END;
-- NaN (no interval, no prediction) as NULL.
CREATE OR REPLACE TEMP MACRO nullif_nan(x) AS CASE WHEN isnan(x) THEN NULL ELSE x END;
-- A day count after a date as that date (rounded to the day); NaN: no date.
CREATE OR REPLACE TEMP MACRO days_after(d, x) AS CASE WHEN isnan(x) THEN NULL ELSE d + CAST(round(x) AS INTEGER) END;
