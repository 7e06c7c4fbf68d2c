-- Organisation × report year × canonical indicator × measure: the figure a series plots.
--
-- Levels, changes and ratios are separate rows (a growth rate is never a level of the same
-- indicator), a change carries its sign (下降2% is -2), and a figure that covers part of a
-- year (1-10月, 上半年, 三季度, or any figure of a half-year report) is not that year's value.
-- A report states its headline figure first: the first such figure of the latest report of
-- the organisation's year wins (the one published last: January's work report, with the
-- year's final figures, over October's new-term report that reviewed the same year; the
-- order reports arrive in never decides); for a change, a growth rate beats a change in the unit; an
-- exact figure beats a bound (500万元以上固定资产投资 is a threshold in the indicator's name,
-- 突破100亿元 a floor). A figure whose unit contradicts its indicator's goes to
-- review_unit_mismatches instead. Levels are compared with the same organisation's previous
-- year on record.
with candidates as (
    select
        m.org_id,
        r.report_year as year,
        m.indicator_code,
        m.measure,
        m.unit,
        case when m.measure = 'change' and m.direction = 'down' then -m.value else m.value end as value,
        m.qualifier,
        m.scope,
        m.metric_id,
        m.report_id,
        r.published_date,
        m.metric_ordinal
    from {{ ref('fct_metric') }} as m
    inner join {{ ref('dim_report') }} as r using (report_id)
    inner join {{ ref('dim_indicator') }} as i using (indicator_code)
    where m.period_type = 'actual'
        and not m.is_masked
        and m.org_id is not null
        and r.report_year is not null
        and not {{ is_part_of_year('m.scope') }}
        -- a half-year report's figures (…2024年上半年工作总结) are the half's, whatever their sentence says
        and not coalesce(regexp_matches(r.title, '半年|季度'), false)
        -- 由2017年的74.37亿元增至…, 从2280亿元(基期)增长到…: a figure of another year, looked back on
        and coalesce(regexp_extract(m.scope, '(\d{4})\s*年', 1) in ('', r.report_year::varchar), true)
        and m.scope is distinct from '基期'
        and {{ unit_fits_indicator('m.measure', 'm.unit', 'i.unit') }}
),

figures as (
    select
        org_id,
        year,
        indicator_code,
        measure,
        unit,
        value,
        qualifier,
        scope,
        metric_id,
        report_id
    from candidates
    qualify
        row_number() over (
            partition by org_id, year, indicator_code, measure
            order by
                published_date desc nulls last, report_id asc, (unit = 'percent') desc, (qualifier = 'exact') desc,
                metric_ordinal asc
        ) = 1
)

select
    org_id,
    year,
    indicator_code,
    measure,
    unit,
    value,
    qualifier,
    scope,
    metric_id,
    report_id,
    case when measure = 'level' then lag(year) over w end as previous_year,
    case when measure = 'level' then lag(value) over w end as previous_value,
    case when measure = 'level' then value - lag(value) over w end as change,
    case when measure = 'level' and lag(value) over w > 0
            then round(100.0 * (value - lag(value) over w) / lag(value) over w, 2)
    end as change_pct
from figures
window w as (partition by org_id, indicator_code, measure, unit order by year)
