-- The curators' review list: figures matched to a canonical indicator whose unit contradicts
-- the indicator's (a person count under a money indicator, a percent as a level). They stay
-- out of org_year_indicator until the phrasing or the extraction is fixed.
select
    m.metric_id,
    m.report_id,
    m.indicator_code,
    i.unit as indicator_unit,
    m.measure,
    m.unit,
    m.raw_text,
    m.indicator,
    m.context
from {{ ref('fct_metric') }} as m
inner join {{ ref('dim_indicator') }} as i using (indicator_code)
where not {{ unit_fits_indicator('m.measure', 'm.unit', 'i.unit') }}
