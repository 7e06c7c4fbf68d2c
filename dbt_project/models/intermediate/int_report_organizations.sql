-- Each published report's organisation as one identity, so that 珠海市斗门区, 斗门区 and
-- 斗门区人民政府 (read as 斗门区 by the parser) in three years are one organisation, and two
-- 普陀区 of different cities are two.
--
-- A report places its organisation as precisely as its text allows: its own division code
-- (a county's, or a township's that is unique in its county or in the country), else its
-- county's code when the district resolves (from the name, its parents, or the city the text
-- states), else the district, city and province it names. A place that others refine
-- (the same name and level, every field it gives equal to theirs) is the organisation of the
-- single most precise place that refines it; refined by two or more, it is ambiguous and
-- stays apart, flagged, rather than merged by a guess. Keys are built from the places alone,
-- so ids do not depend on the order in which reports arrived.
with reports as (
    select
        report_id,
        org_name,
        org_level,
        district,
        city,
        province,
        place_conflict,
        -- A township's code has 9 digits, the first 6 its county's; a county's own 6 digits do
        -- not end in 00 (a city's and a province's do).
        case when length(division_code) = 9 then division_code end as town_code,
        case when length(division_code) = 9 then left(division_code, 6)
             when right(division_code, 2) <> '00' then division_code end as county_code
    from {{ ref('int_reports_passed') }}
    where org_name is not null
),

places as (
    select distinct org_name, org_level, town_code, county_code, district, city, province
    from reports
),

refinements as (
    -- (p, q): place q says all that place p says, and maybe more.
    select
        p.org_name, p.org_level, p.town_code, p.county_code, p.district, p.city, p.province,
        q.town_code as q_town_code, q.county_code as q_county_code, q.district as q_district, q.city as q_city, q.province as q_province
    from places as p
    join places as q
        on q.org_name = p.org_name
       and q.org_level = p.org_level
       and (p.town_code is null or p.town_code = q.town_code)
       and (p.county_code is null or p.county_code = q.county_code)
       and (p.district is null or p.district = q.district)
       and (p.city is null or p.city = q.city)
       and (p.province is null or p.province = q.province)
),

maximal as (
    -- Places no other place refines: the most precise ways the organisations are written.
    select org_name, org_level, town_code, county_code, district, city, province
    from refinements
    group by all
    having count(*) = 1
),

resolved as (
    select
        r.org_name, r.org_level, r.town_code, r.county_code, r.district, r.city, r.province,
        count(*) as n_targets,
        any_value(m.town_code) as target_town_code,
        any_value(m.county_code) as target_county_code,
        any_value(m.district) as target_district,
        any_value(m.city) as target_city,
        any_value(m.province) as target_province
    from refinements as r
    join maximal as m
        on m.org_name = r.org_name
       and m.org_level = r.org_level
       and m.town_code is not distinct from r.q_town_code
       and m.county_code is not distinct from r.q_county_code
       and m.district is not distinct from r.q_district
       and m.city is not distinct from r.q_city
       and m.province is not distinct from r.q_province
    group by all
),

identified as (
    select
        org_name, org_level, town_code, county_code, district, city, province,
        n_targets > 1 as is_ambiguous,
        -- Refined by several organisations: it keeps its own place, not one of theirs.
        case when n_targets = 1 then target_town_code else town_code end as key_town_code,
        case when n_targets = 1 then target_county_code else county_code end as key_county_code,
        case when n_targets = 1 then target_district else district end as key_district,
        case when n_targets = 1 then target_city else city end as key_city,
        case when n_targets = 1 then target_province else province end as key_province
    from resolved
),

keyed as (
    select
        *,
        case
            when key_county_code is not null and org_level in ('区', '县', '县级市', '旗', '自治县', '自治旗')
                then 'cn:' || key_county_code
            when key_town_code is not null then 'cn:' || key_town_code
            when key_county_code is not null then 'cn:' || key_county_code || '/' || org_name
            else 'name:' || concat_ws('/', key_province, key_city, key_district, org_name)
        end as org_key
    from identified
)

select
    r.report_id,
    md5(i.org_key) as org_id,
    i.org_key,
    r.org_name,
    r.org_level,
    coalesce(i.key_town_code, i.key_county_code) as division_code,
    i.key_district as district,
    i.key_city as city,
    i.key_province as province,
    i.is_ambiguous,
    r.place_conflict
from reports as r
join keyed as i
    on i.org_name = r.org_name
   and i.org_level = r.org_level
   and i.town_code is not distinct from r.town_code
   and i.county_code is not distinct from r.county_code
   and i.district is not distinct from r.district
   and i.city is not distinct from r.city
   and i.province is not distinct from r.province
