select m.*, r.extracted_at, r.read_as
from {{ ref('stg_metrics') }} as m
join {{ ref('int_reports_passed') }} as r using (report_id)
