-- The innermost sections of each passed report with their text: every character of the body
-- counted once (a heading's range holds its sub-sections).
select
    s.report_id,
    s.section_ordinal,
    s.section_path,
    s.char_end - s.char_start as n_chars,
    substr(r.cleaned_text, s.char_start + 1, s.char_end - s.char_start) as section_text,
    r.extracted_at
from {{ ref('stg_sections') }} as s
inner join {{ ref('int_reports_passed') }} as r using (report_id)
where
    not exists (
        select 1 from {{ ref('stg_sections') }} as child
        where
            child.report_id = s.report_id
            and child.section_level > s.section_level
            and child.char_start >= s.char_start
            and child.char_start < s.char_end
    )
