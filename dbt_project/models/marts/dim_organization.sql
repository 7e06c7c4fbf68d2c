-- One row per reporting organisation (see int_report_organizations for what makes two
-- reports' organisations one): its name, level and place, and whether its place is known.
select
    org_id,
    any_value(org_key) as org_key,
    any_value(org_name) as org_name,
    any_value(org_level) as org_level,
    any_value(district) as district,
    any_value(city) as city,
    any_value(province) as province,
    any_value(division_code) as division_code,
    -- No code: the reports place it in no county the division data resolves.
    any_value(division_code) is null as is_unresolved,
    bool_or(is_ambiguous) as is_ambiguous,
    bool_or(place_conflict) as place_conflict,
    count(*) as n_reports
from {{ ref('int_report_organizations') }}
group by org_id
