-- The retention plan of one scoring run by action and channel: customers to contact, the control
-- group, value at risk among those contacted, and the plan's net benefit. Parameters: $as_of DATE.
SELECT p.action, p.channel,
       count(*) FILTER (NOT p.control) AS customers,
       count(*) FILTER (p.control) AS control,
       coalesce(sum(s.value_at_risk) FILTER (NOT p.control), 0) AS value_at_risk,
       coalesce(sum(p.net_benefit) FILTER (NOT p.control), 0) AS net_benefit,
       any_value(p.campaign) AS campaign
FROM plan p
JOIN scores s ON s.customer_id = p.customer_id AND s.as_of = p.as_of
WHERE p.as_of = CAST($as_of AS DATE) AND p.action IS NOT NULL
GROUP BY 1, 2
ORDER BY customers DESC, p.action
