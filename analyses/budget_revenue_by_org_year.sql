-- 一般公共预算收入 of each organisation by year, in 万元: the level (never a growth rate, never
-- a figure for part of the year), the change from the organisation's previous year on record,
-- and the growth rate the report itself states, signed (the canonical indicator covers
-- 地方财政一般预算收入 and the other phrasings of the same measure).
select
    o.org_name,
    o.org_level,
    o.district,
    y.year,
    round(y.value / 1e4, 2) as revenue_wan_yuan,
    y.qualifier,
    round(y.change / 1e4, 2) as change_wan_yuan,
    y.change_pct,
    g.value as stated_growth_pct
from marts.org_year_indicator as y
join marts.dim_organization as o using (org_id)
left join marts.org_year_indicator as g
    on g.org_id = y.org_id
   and g.year = y.year
   and g.indicator_code = y.indicator_code
   and g.measure = 'change'
   and g.unit = 'percent'
where y.indicator_code = 'general_public_budget_revenue'
  and y.measure = 'level'
order by o.org_name, y.year;
