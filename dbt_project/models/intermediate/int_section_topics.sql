-- Each leaf section's topic: the one whose lexicon words occur most often in it (ties: the
-- topic listed first in the seed); sections with no lexicon word have no topic.
with hits as (
    select
        s.report_id,
        s.section_ordinal,
        k.topic_code,
        sum((length(s.section_text) - length(replace(s.section_text, k.keyword, ''))) // length(k.keyword)) as hits
    from {{ ref('int_leaf_sections') }} as s
    cross join {{ ref('topic_keywords') }} as k
    group by 1, 2, 3
    having hits > 0
)
select report_id, section_ordinal, topic_code, hits
from hits
qualify row_number() over (partition by report_id, section_ordinal order by hits desc, topic_code) = 1
