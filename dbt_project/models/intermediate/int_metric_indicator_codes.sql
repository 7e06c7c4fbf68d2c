-- Each metric's canonical indicator: the longest curated phrasing its indicator contains
-- (地方财政一般预算收入 beats 财政收入); none found, no row.
select
    m.metric_id,
    c.indicator_code,
    c.phrase as matched_phrase
from {{ ref('int_metrics_passed') }} as m
join {{ ref('canonical_indicators') }} as c
    on contains(m.indicator, c.phrase)
qualify row_number() over (partition by m.metric_id order by length(c.phrase) desc, c.indicator_code) = 1
