-- Where each document came from and when it arrived; the bytes stay in raw.
select
    content_sha256,
    source_uri,
    source_file,
    ingested_at
from {{ source('raw', 'documents') }}
