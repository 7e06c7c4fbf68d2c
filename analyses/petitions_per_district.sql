-- 信访 and dispute cases reported per district and year (case counts: rates and changes left out).
select
    coalesce(r.district, '(district not stated)') as district,
    r.report_year,
    i.name_zh as indicator,
    count(distinct r.report_id) as n_reports,
    sum(m.value) as cases
from marts.fct_metric as m
join marts.dim_report as r using (report_id)
join marts.dim_indicator as i using (indicator_code)
where m.indicator_code in ('petitions_handled', 'disputes_resolved', 'hotline_orders')
  and m.unit = 'count'
  and m.measure = 'level'
  and m.period_type = 'actual'
  and not m.is_masked
group by all
order by cases desc;
