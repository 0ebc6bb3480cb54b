-- The feedback texts (text_signals, pipeline/text/) of the customers with a detail page, with their
-- text and the customer's own contact fields, which publish-customers.ts masks inside the text and never
-- publishes. Parameters: $as_of DATE (texts before it), $ids VARCHAR[], $per INTEGER (latest texts each).
WITH ids AS (SELECT unnest($ids) AS customer_id),
ranked AS (
  SELECT t.event_id, t.customer_id, t.ts, t.type, t.lang, t.sentiment, t.negative, t.themes,
         row_number() OVER (PARTITION BY t.customer_id ORDER BY t.ts DESC, t.event_id) AS k
  FROM text_signals t JOIN ids USING (customer_id)
  WHERE t.ts < $as_of::TIMESTAMP
)
SELECT r.customer_id, strftime(r.ts, '%Y-%m-%d') AS date, r.type, r.lang, r.sentiment, r.negative, r.themes,
       e.text, c.name, c.email, c.phone
FROM ranked r JOIN events e ON e.event_id = r.event_id AND e.customer_id = r.customer_id
JOIN customers c ON c.customer_id = r.customer_id
WHERE r.k <= $per
ORDER BY r.customer_id, r.k
