-- Each published report's organisation as one identity, so that 珠海市斗门区, 斗门区 and
-- 斗门区人民政府 (read as 斗门区 by the parser) in three years are one organisation, and two
-- 普陀区 of different cities are two.
--
-- A report places its organisation as precisely as its text allows: its own division code
-- (a county's, or a township's or a village's that is unique in its county or in the country), else its
-- county's code when the district resolves (from the name, its parents, or the city the text
-- states), else the district, city and province it names. A place that others refine
-- (the same name and level, every field it gives equal to theirs) is the organisation of the
-- single most precise place that refines it; refined by two or more, it is ambiguous and
-- stays apart, flagged, rather than merged by a guess. So does a place the parser could not
-- tell from its namesakes in the division data (a 沙沟镇 that names no county, of four in the
-- country), whatever this warehouse holds: the one 沙沟镇 placed here may not be the one it
-- means. Keys are built from the places alone, so ids do not depend on the order in which
-- reports arrived.
with reports as (
    select
        report_id,
        org_name,
        org_level,
        district,
        city,
        province,
        place_conflict,
        coalesce(shared_name, false) as shared_name,
        -- A village's code has 12 digits, the first 9 its township's, whose first 6 are its
        -- county's; a county's own 6 digits do not end in 00 (a city's and a province's do).
        case when length(division_code) = 12 then division_code end as village_code,
        case when length(division_code) >= 9 then left(division_code, 9) end as town_code,
        case when length(division_code) >= 9 then left(division_code, 6)
            when right(division_code, 2) <> '00' then division_code
        end as county_code
    from {{ ref('int_reports_passed') }}
    where org_name is not null
),

placed as (
    -- How a report places its organisation, said in one string.
    select
        report_id,
        org_name,
        org_level,
        district,
        city,
        province,
        place_conflict,
        shared_name,
        village_code,
        town_code,
        county_code,
        concat_ws(
            '|', org_name, org_level, coalesce(village_code, ''), coalesce(town_code, ''), coalesce(county_code, ''),
            coalesce(district, ''), coalesce(city, ''), coalesce(province, '')
        ) as place_key
    from reports
),

places as (
    select
        org_name,
        org_level,
        village_code,
        town_code,
        county_code,
        district,
        city,
        province,
        place_key,
        bool_or(shared_name) as shared_name
    from placed
    group by all
),

refinements as (
    -- (p, q): place q says all that place p says, and maybe more.
    select
        p.place_key,
        q.place_key as refined_by
    from places as p
    inner join places as q
        on p.org_name = q.org_name
            and p.org_level = q.org_level
            and (p.place_key = q.place_key or not p.shared_name)
            and (p.village_code is null or p.village_code = q.village_code)
            and (p.town_code is null or p.town_code = q.town_code)
            and (p.county_code is null or p.county_code = q.county_code)
            and (p.district is null or p.district = q.district)
            and (p.city is null or p.city = q.city)
            and (p.province is null or p.province = q.province)
),

maximal as (
    -- Places no other place refines: the most precise ways the organisations are written.
    select place_key from refinements
    group by place_key
    having count(*) = 1
),

resolved as (
    -- Refined by one most precise place, a place is that organisation's; by several, it
    -- keeps its own, flagged: which of them it means is a guess.
    select
        r.place_key,
        case when count(*) = 1 then any_value(r.refined_by) else r.place_key end as target_key,
        count(*) > 1 as is_ambiguous
    from refinements as r
    inner join maximal as m on r.refined_by = m.place_key
    group by r.place_key
),

keyed as (
    select
        x.place_key,
        x.is_ambiguous or t.shared_name as is_ambiguous,
        t.village_code,
        t.town_code,
        t.county_code,
        t.district,
        t.city,
        t.province,
        case
            when t.county_code is not null and t.org_level in ('区', '县', '县级市', '旗', '自治县', '自治旗')
                then 'cn:' || t.county_code
            when t.town_code is not null and t.org_level in ('街道', '镇', '乡', '苏木') then 'cn:' || t.town_code
            when t.village_code is not null then 'cn:' || t.village_code
            -- A community or village placed by its township's code is not that township.
            when t.town_code is not null then 'cn:' || t.town_code || '/' || t.org_name
            when t.county_code is not null then 'cn:' || t.county_code || '/' || t.org_name
            else 'name:' || concat_ws('/', t.province, t.city, t.district, t.org_name)
        end as org_key
    from resolved as x
    inner join places as t on x.target_key = t.place_key
)

select
    r.report_id,
    md5(k.org_key) as org_id,
    k.org_key,
    r.org_name,
    r.org_level,
    coalesce(k.village_code, k.town_code, k.county_code) as division_code,
    k.district,
    k.city,
    k.province,
    k.is_ambiguous,
    r.place_conflict
from placed as r
inner join keyed as k using (place_key)
