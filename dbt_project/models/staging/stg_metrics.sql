with

source as (
    select * from {{ source('staging', 'metrics') }}
),

renamed as (
    select
        metric_id,
        report_id,
        metric_ordinal,
        raw_text,
        value,
        unit,
        classifier,
        qualifier,
        nullif(trim(indicator), '') as indicator,
        period_type,
        scope,
        is_masked,
        section_path,
        char_start,
        char_end,
        context,
        measure,
        direction
    from source
)

select * from renamed
