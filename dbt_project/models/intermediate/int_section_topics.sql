-- Each leaf section's topic: the one whose lexicon words occur most often in it (ties: the
-- topic listed first in the seed); a section with no lexicon word gets a row without a topic,
-- so every section that was matched is on record.
--
-- Incremental: matching every section against every keyword is the costliest step of the
-- build, so only the sections of reports extracted since the last build, or all of them after
-- an edit of the lexicon, are matched again (each report's rows are replaced as a whole).
{{ config(materialized='incremental', unique_key='report_id', incremental_strategy='delete+insert') }}

with sections as (
    {{ rows_to_match('int_leaf_sections', ['report_id', 'section_ordinal', 'section_text', 'extracted_at'],
                     'topic_keywords', 'topic_code', 'keyword', 'lexicon_version') }}
),

hits as (
    select
        s.report_id,
        s.section_ordinal,
        k.topic_code,
        sum((length(s.section_text) - length(replace(s.section_text, k.keyword, ''))) // length(k.keyword)) as hits
    from sections as s
    cross join {{ ref('topic_keywords') }} as k
    group by 1, 2, 3
    having hits > 0
),

best as (
    select
        report_id,
        section_ordinal,
        topic_code,
        hits
    from hits
    qualify row_number() over (partition by report_id, section_ordinal order by hits desc, topic_code asc) = 1
)

select
    s.report_id,
    s.section_ordinal,
    b.topic_code,
    coalesce(b.hits, 0) as hits,
    s.extracted_at,
    s.lexicon_version
from sections as s
left join best as b using (report_id, section_ordinal)
