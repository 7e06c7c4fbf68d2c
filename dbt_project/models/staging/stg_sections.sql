with

source as (
    select * from {{ source('staging', 'sections') }}
),

renamed as (
    select
        -- At least three digits, never fewer than the ordinal has: ids published for ordinals
        -- under 1,000 stay as they were, and the 1,000th heading no longer collides with the 100th.
        report_id || '-s' || printf('%03d', section_ordinal) as section_id,
        report_id,
        section_ordinal,
        level as section_level,
        heading,
        section_path,
        part as section_part,
        char_start,
        char_end
    from source
)

select * from renamed
