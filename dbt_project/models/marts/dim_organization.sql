-- One row per reporting organisation as the reports name it, with its place.
select
    md5(coalesce(org_name, '') || '|' || coalesce(district, '') || '|' || coalesce(city, '')) as org_id,
    org_name,
    any_value(org_level) as org_level,
    district,
    city,
    any_value(province) as province,
    any_value(division_code) as division_code,
    bool_or(place_conflict) as place_conflict,
    count(*) as n_reports
from {{ ref('int_reports_passed') }}
where org_name is not null
group by org_name, district, city
