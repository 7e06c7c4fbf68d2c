-- Only reports whose current extraction passed the staging gate reach the marts.
select r.*
from {{ ref('stg_reports') }} as r
join {{ ref('stg_report_gate') }} as g
    on g.report_id = r.report_id
   and g.extractor_version = r.extractor_version
where g.passed
