-- The ten largest money figures stated as done (amounts, not changes against last year), with
-- the sentence they come from.
select
    r.org_name,
    r.report_year,
    m.indicator,
    round(m.value / 1e4, 2) as wan_yuan,
    m.qualifier,
    m.context
from marts.fct_metric as m
join marts.dim_report as r using (report_id)
where m.unit = 'CNY' and m.measure = 'level' and m.period_type = 'actual' and not m.is_masked
order by m.value desc
limit 10;
