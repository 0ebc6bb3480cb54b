-- Which optional customer columns hold a value for any customer scored at one date: an export leaves
-- out the others (a shop log has no names, phones, regions or plans) and never one with a value.
-- Parameters: $as_of DATE.
SELECT count(nullif(trim(c.name), '')) > 0   AS name,
       count(nullif(trim(c.email), '')) > 0  AS email,
       count(nullif(trim(c.phone), '')) > 0  AS phone,
       count(nullif(trim(c.region), '')) > 0 AS region,
       count(nullif(trim(c.plan), '')) > 0   AS plan
FROM scores s
JOIN customers c USING (customer_id)
WHERE s.as_of = CAST($as_of AS DATE)
