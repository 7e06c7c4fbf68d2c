-- Only reports whose current extraction passed the staging gate reach the marts, and of a
-- document that changed at its source (a page edited at the same URL, a file replaced in the
-- inbox) only the latest revision.
select
    r.report_id,
    r.content_sha256,
    r.source_file,
    r.title,
    r.org_name,
    r.org_level,
    r.district,
    r.city,
    r.province,
    r.report_year,
    r.plan_year,
    r.published_date,
    r.doc_type,
    r.division_code,
    r.place_conflict,
    r.shared_name,
    r.cleaned_text,
    r.n_chars,
    r.extractor_version,
    r.extracted_at,
    d.source_uri,
    d.ingested_at,
    d.read_as
from {{ ref('stg_reports') }} as r
inner join {{ ref('stg_report_gate') }} as g
    on
        r.report_id = g.report_id
        and r.extractor_version = g.extractor_version
inner join {{ ref('stg_documents') }} as d
    on r.content_sha256 = d.content_sha256
where g.passed
qualify row_number() over (partition by d.source_uri order by d.ingested_at desc, d.content_sha256 asc) = 1
