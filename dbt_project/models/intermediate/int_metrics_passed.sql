-- The metrics of the reports that reach the marts, with their report's extraction and reading.
select
    m.metric_id,
    m.report_id,
    m.metric_ordinal,
    m.raw_text,
    m.value,
    m.unit,
    m.classifier,
    m.qualifier,
    m.indicator,
    m.period_type,
    m.scope,
    m.is_masked,
    m.section_path,
    m.char_start,
    m.char_end,
    m.context,
    m.measure,
    m.direction,
    r.extracted_at,
    r.read_as
from {{ ref('stg_metrics') }} as m
inner join {{ ref('int_reports_passed') }} as r on m.report_id = r.report_id
