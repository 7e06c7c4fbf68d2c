select
    s.section_id,
    s.report_id,
    s.section_ordinal,
    s.section_level,
    s.heading,
    s.section_path,
    s.section_part,
    s.char_start,
    s.char_end
from {{ ref('stg_sections') }} as s
inner join {{ ref('int_reports_passed') }} using (report_id)
