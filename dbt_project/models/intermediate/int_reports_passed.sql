-- Only reports whose current extraction passed the staging gate reach the marts, and of a
-- document that changed at its source (a page edited at the same URL, a file replaced in the
-- inbox) only the latest revision.
select r.*, d.source_uri, d.ingested_at, d.read_as
from {{ ref('stg_reports') }} as r
join {{ ref('stg_report_gate') }} as g
    on g.report_id = r.report_id
   and g.extractor_version = r.extractor_version
join {{ ref('stg_documents') }} as d
    on d.content_sha256 = r.content_sha256
where g.passed
qualify row_number() over (partition by d.source_uri order by d.ingested_at desc, d.content_sha256) = 1
