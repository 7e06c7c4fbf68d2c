select report_id, term, n
from {{ source('staging', 'terms') }}
