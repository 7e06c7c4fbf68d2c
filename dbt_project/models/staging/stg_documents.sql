-- Where each document came from and when it arrived; the bytes stay in raw.
with

source as (
    select * from {{ source('raw', 'documents') }}
),

renamed as (
    select
        content_sha256,
        source_uri,
        source_file,
        ingested_at,
        -- How the text was read: text, converted (LibreOffice), table (a spreadsheet) or ocr.
        coalesce(read_as, 'text') as read_as
    from source
)

select * from renamed
