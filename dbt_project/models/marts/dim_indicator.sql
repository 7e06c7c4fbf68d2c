select
    indicator_code,
    any_value(name_zh) as name_zh,
    any_value(name_en) as name_en,
    any_value(category) as category,
    count(*) as n_phrasings
from {{ ref('canonical_indicators') }}
group by indicator_code
