-- One row per canonical indicator: its names, area and the unit of its level (what
-- org_year_indicator checks a figure's unit against), with how many phrasings map to it.
select
    i.indicator_code,
    i.name_zh,
    i.name_en,
    i.category,
    i.unit,
    i.note,
    count(p.phrase) as n_phrasings
from {{ ref('canonical_indicators') }} as i
left join {{ ref('indicator_phrases') }} as p using (indicator_code)
group by all
