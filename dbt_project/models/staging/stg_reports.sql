with

source as (
    select * from {{ source('staging', 'reports') }}
),

renamed as (
    select
        report_id,
        content_sha256,
        source_file,
        nullif(trim(title), '') as title,
        nullif(trim(org_name), '') as org_name,
        org_level,
        district,
        city,
        province,
        report_year,
        plan_year,
        published_date,
        doc_type,
        division_code,
        place_conflict,
        shared_name,
        cleaned_text,
        length(cleaned_text) as n_chars,
        extractor_version,
        extracted_at
    from source
)

select * from renamed
