with

source as (
    select * from {{ source('staging', 'report_gate') }}
),

renamed as (
    select
        report_id,
        extractor_version,
        passed,
        failed_expectations,
        checked_at
    from source
)

select * from renamed
