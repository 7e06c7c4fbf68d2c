-- 一般公共预算收入 of each organisation by year, in 万元, with the change from its previous
-- report year (the canonical indicator covers 地方财政一般预算收入 and other phrasings).
select
    o.org_name,
    o.org_level,
    o.district,
    y.year,
    round(y.value / 1e4, 2) as revenue_wan_yuan,
    y.qualifier,
    round(y.change / 1e4, 2) as change_wan_yuan,
    y.change_pct
from marts.org_year_indicator as y
join marts.dim_organization as o using (org_id)
where y.indicator_code = 'general_public_budget_revenue'
  and y.unit = 'CNY'
order by o.org_name, y.year;
