-- The declared categorical attributes of the customers of the given actions: one row per action and
-- attribute the customer has a value of. Attributes are stored as they are now (not dated).
-- Parameters: $horizon INTEGER (days), $observed_until DATE, $campaign VARCHAR (NULL: all).
SELECT a.action_id, ca.name, ca.value
FROM actions a
JOIN customer_attributes ca ON ca.customer_id = a.customer_id
JOIN attribute_declarations d ON d.name = ca.name AND d.kind = 'categorical'
WHERE a.ts + to_days(CAST($horizon AS INTEGER)) <= CAST($observed_until AS TIMESTAMP)
  AND ($campaign IS NULL OR a.campaign = $campaign)
  AND ca.value IS NOT NULL
ORDER BY a.action_id, ca.name
