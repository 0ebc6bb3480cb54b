-- Scored customers as rows of the scores table (plus pos, their position), from the numbers
-- scoring computed: temp tables score_numbers (one row per customer, by position), score_ids (the
-- snapshot's customer ids by the same position) and reason_sentences (each distinct reason sentence
-- once). Tiers and actions arrive as indices into the bound lists $risk_tiers, $value_tiers, $actions.
-- Reasons become the codes, ';'-separated, and a JSON list [{code, en, zh-CN, impact}], most
-- important first; impact only when the scores were explained ($explanations). Needs the macro
-- impact_json (score-macros.sql). $interval_level: the intervals' central probability.
SELECT
  n.pos,
  $model_id AS model_id,
  CAST($as_of AS DATE) AS as_of,
  i.customer_id,
  n.churn_prob,
  $risk_tiers[n.risk_tier + 1] AS risk_tier,
  n.predicted_value,
  $value_tiers[n.value_tier + 1] AS value_tier,
  n.churn_prob * n.predicted_value AS value_at_risk,
  $actions[n.action + 1] AS action,
  concat_ws(';', s1.code, s2.code, s3.code) AS reasons,
  -- Each sentence's JSON object comes open ('{"code":…,"en":…,"zh-CN":…'), escaped once when written:
  -- concatenating it costs far less than building and serialising a struct per customer.
  CAST('[' || concat_ws(',',
      s1.json || CASE WHEN $explanations THEN ',"impact":' || impact_json(n.impact_1) ELSE '' END || '}',
      s2.json || CASE WHEN $explanations THEN ',"impact":' || impact_json(n.impact_2) ELSE '' END || '}',
      s3.json || CASE WHEN $explanations THEN ',"impact":' || impact_json(n.impact_3) ELSE '' END || '}'
    ) || ']' AS JSON) AS reason_labels,
  -- NaN: no BTYD prediction for this customer (no purchase before as_of, or no fit).
  CASE WHEN isnan(n.p_alive) THEN NULL ELSE n.p_alive END AS p_alive,
  CASE WHEN isnan(n.expected_purchases) THEN NULL ELSE n.expected_purchases END AS expected_purchases,
  CASE WHEN isnan(n.btyd_clv) THEN NULL ELSE n.btyd_clv END AS btyd_clv,
  -- Intervals (default 80%) and the next purchase (pipeline/score/score-intervals.ts; NaN: none).
  nullif_nan(n.value_low) AS value_low,
  nullif_nan(n.value_high) AS value_high,
  nullif_nan(n.churn_low) AS churn_low,
  nullif_nan(n.churn_high) AS churn_high,
  nullif_nan(n.p_alive_low) AS p_alive_low,
  nullif_nan(n.p_alive_high) AS p_alive_high,
  nullif_nan(n.purchases_low) AS purchases_low,
  nullif_nan(n.purchases_high) AS purchases_high,
  nullif_nan(n.clv_low) AS clv_low,
  nullif_nan(n.clv_high) AS clv_high,
  days_after(CAST($as_of AS DATE), n.next_purchase_days) AS next_purchase,
  days_after(CAST($as_of AS DATE), n.next_purchase_low_days) AS next_purchase_low,
  days_after(CAST($as_of AS DATE), n.next_purchase_high_days) AS next_purchase_high,
  nullif_nan(n.p_purchase_7) AS p_purchase_7,
  nullif_nan(n.p_purchase_30) AS p_purchase_30,
  CAST($interval_level AS DOUBLE) AS interval_level
FROM score_numbers n
JOIN score_ids i USING (pos)
LEFT JOIN reason_sentences s1 ON s1.id = n.reason_1
LEFT JOIN reason_sentences s2 ON s2.id = n.reason_2
LEFT JOIN reason_sentences s3 ON s3.id = n.reason_3
