-- Calendar years the reports can speak of, for joins from report and plan years.
with years as (
    select unnest(range({{ var('first_year') }}, {{ var('last_year') }} + 1)) as year
)

select
    year::integer as year,
    make_date(year::integer, 1, 1) as year_start,
    make_date(year::integer, 12, 31) as year_end,
    (year::integer // 10) * 10 as decade,
    case when year::integer between 2021 and 2025 then '十四五'
        when year::integer between 2016 and 2020 then '十三五'
        when year::integer between 2026 and 2030 then '十五五'
        when year::integer between 2011 and 2015 then '十二五'
    end as five_year_plan
from years
