select
    report_id || '-s' || lpad(section_ordinal::varchar, 3, '0') as section_id,
    report_id,
    section_ordinal,
    level as section_level,
    heading,
    section_path,
    part as section_part,
    char_start,
    char_end
from {{ source('staging', 'sections') }}
