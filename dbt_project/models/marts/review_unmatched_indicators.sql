-- For curators: indicator phrasings that match no canonical indicator yet, most frequent first.
select
    row_number() over (order by count(*) desc, m.indicator) as frequency_rank,
    m.indicator,
    count(*) as n_metrics,
    count(distinct m.report_id) as n_reports,
    any_value(m.raw_text) as example_raw_text
from {{ ref('int_metrics_passed') }} as m
left join {{ ref('int_metric_indicator_codes') }} as c using (metric_id)
where c.indicator_code is null and m.indicator is not null
group by m.indicator
order by n_metrics desc, m.indicator asc
