-- The declared attributes (customer_attributes) of the customers scored at one date, for the export's
-- attribute columns. Parameters: $as_of DATE.
SELECT a.customer_id, a.name, a.value, a.number
FROM customer_attributes a
JOIN scores s ON s.customer_id = a.customer_id AND s.as_of = CAST($as_of AS DATE)
ORDER BY a.customer_id, a.name
