-- Organisation × report year × canonical indicator × unit: the first actual, unmasked value a
-- report gives (a report states its headline figure first), and the change from the same
-- organisation's previous report year when there is one.
with facts as (
    select
        o.org_id,
        r.report_year as year,
        c.indicator_code,
        m.unit,
        m.value,
        m.qualifier,
        m.metric_id,
        m.report_id
    from {{ ref('int_metrics_passed') }} as m
    join {{ ref('int_metric_indicator_codes') }} as c on c.metric_id = m.metric_id
    join {{ ref('int_reports_passed') }} as r on r.report_id = m.report_id
    join {{ ref('dim_organization') }} as o
        on o.org_name = r.org_name
       and o.district is not distinct from r.district
       and o.city is not distinct from r.city
    where m.period_type = 'actual'
      and c.indicator_code is not null
      and not m.is_masked
      and r.report_year is not null
    qualify row_number() over (
        partition by o.org_id, r.report_year, c.indicator_code, m.unit
        order by r.ingested_at desc, m.metric_ordinal) = 1
)
select
    *,
    lag(value) over w as previous_value,
    lag(year) over w as previous_year,
    value - lag(value) over w as change,
    case when lag(value) over w > 0 then round(100.0 * (value - lag(value) over w) / lag(value) over w, 2) end
        as change_pct
from facts
window w as (partition by org_id, indicator_code, unit order by year)
