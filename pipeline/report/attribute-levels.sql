-- The temp view attribute_levels(customer_id, name, level, value, number): every customer's value of
-- every attribute (value: categorical, number: numeric) and the level the report groups it by. Categorical: the value, with the levels past the 11 most frequent
-- folded into '__other__' when an attribute has more than 12 (charts stay readable); numeric: the
-- quartile q1..q4 of the number over all customers who have one, the number kept for the bins' ranges.
-- Customers without a value have no row. The view is assembled from the sections below: `builtin`
-- (region, channel and plan, columns of customers) and, when attributes are declared, `declared`.

-- name: view
CREATE OR REPLACE TEMP VIEW attribute_levels AS
WITH v AS (
  {{values}}
),
cat AS (SELECT customer_id, name, value FROM v WHERE kind = 'categorical' AND value IS NOT NULL),
ranked AS (
  SELECT name, value, row_number() OVER (PARTITION BY name ORDER BY count(*) DESC, value) AS rank,
         count(*) OVER (PARTITION BY name) AS levels
  FROM cat GROUP BY name, value
),
num AS (SELECT customer_id, name, number FROM v WHERE kind = 'numeric' AND number IS NOT NULL),
cuts AS (SELECT name, quantile_cont(number, [0.25, 0.5, 0.75]) AS q FROM num GROUP BY name)
SELECT c.customer_id, c.name,
       CASE WHEN r.levels <= 12 OR r.rank <= 11 THEN c.value ELSE '__other__' END AS level,
       c.value, CAST(NULL AS DOUBLE) AS number
FROM cat c JOIN ranked r USING (name, value)
UNION ALL
SELECT n.customer_id, n.name,
       'q' || CAST(1 + CAST(n.number > k.q[1] AS INTEGER) + CAST(n.number > k.q[2] AS INTEGER)
                     + CAST(n.number > k.q[3] AS INTEGER) AS VARCHAR) AS level,
       CAST(NULL AS VARCHAR) AS value, n.number
FROM num n JOIN cuts k USING (name);

-- name: builtin
SELECT customer_id, 'region' AS name, 'categorical' AS kind, region AS value, CAST(NULL AS DOUBLE) AS number FROM customers
UNION ALL SELECT customer_id, 'channel', 'categorical', channel, NULL FROM customers
UNION ALL SELECT customer_id, 'plan', 'categorical', plan, NULL FROM customers;

-- name: declared
SELECT a.customer_id, a.name, d.kind, a.value, a.number
FROM customer_attributes a JOIN attribute_declarations d USING (name);
