-- Share of each report's text per topic: the characters of its leaf sections whose topic it is.
select
    s.report_id,
    coalesce(t.topic_code, 'unclassified') as topic_code,
    count(*) as n_sections,
    sum(s.n_chars) as n_chars,
    round(sum(s.n_chars) / sum(sum(s.n_chars)) over (partition by s.report_id), 4) as share
from {{ ref('int_leaf_sections') }} as s
left join {{ ref('int_section_topics') }} as t using (report_id, section_ordinal)
group by 1, 2
