select
    metric_id,
    m.report_id,
    metric_ordinal,
    raw_text,
    value,
    unit,
    classifier,
    qualifier,
    indicator,
    period_type,
    scope,
    is_masked,
    section_path,
    char_start,
    char_end,
    context,
    c.indicator_code
from {{ ref('int_metrics_passed') }} as m
left join {{ ref('int_metric_indicator_codes') }} as c using (metric_id)
