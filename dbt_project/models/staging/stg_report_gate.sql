select
    report_id,
    extractor_version,
    passed,
    failed_expectations,
    checked_at
from {{ source('staging', 'report_gate') }}
