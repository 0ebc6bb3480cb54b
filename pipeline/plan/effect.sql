-- Outcomes of retention actions: for each action taken (or held out as control) whose follow-up window
-- is fully observed (action-outcomes.sql), did the customer buy within the window, and how much net
-- revenue followed.
-- Parameters: $horizon INTEGER (days), $observed_until DATE, $campaign VARCHAR (NULL: all).
WITH outcome AS ({{outcomes}})
SELECT action, is_control,
       count(*) AS n,
       avg(CAST(retained AS DOUBLE)) AS retention,
       avg(revenue) AS revenue_mean,
       coalesce(var_samp(revenue), 0) AS revenue_var,
       avg(CAST(contacted AS DOUBLE)) AS contact_rate,  -- over the actions that report it
       avg(CAST(accepted AS DOUBLE)) AS accept_rate
FROM outcome
GROUP BY action, is_control
ORDER BY action, is_control
