select
    t.topic_code,
    t.name_zh,
    t.name_en,
    count(k.keyword) as n_keywords
from {{ ref('topics') }} as t
left join {{ ref('topic_keywords') }} as k using (topic_code)
group by all
