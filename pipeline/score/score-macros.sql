-- A number as JSON: a non-finite one (no attribution) is null, as JSON.stringify writes it.
CREATE OR REPLACE TEMP MACRO impact_json(x) AS CASE WHEN isfinite(x) THEN CAST(x AS VARCHAR) ELSE 'null' END;
