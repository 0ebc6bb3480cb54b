COPY (
  SELECT CAST(household_id AS VARCHAR) AS customer_id, CAST(basket_id AS VARCHAR) AS basket_id,
         strftime(min(CAST(transaction_timestamp AS TIMESTAMP)), '%Y-%m-%d %H:%M:%S') AS ts,
         round(sum(sales_value), 2) AS amount
  FROM read_csv_auto('transactions_sample.csv')
  GROUP BY 1, 2 ORDER BY 3, 2
) TO 'data/samples/completejourney/baskets.csv' (HEADER);
