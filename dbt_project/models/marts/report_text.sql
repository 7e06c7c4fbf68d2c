-- The cleaned text that metric offsets point into, kept apart so dim_report stays narrow.
select
    report_id,
    cleaned_text
from {{ ref('int_reports_passed') }}
