with

source as (
    select * from {{ source('staging', 'terms') }}
),

renamed as (
    select
        report_id,
        term,
        n
    from source
)

select * from renamed
