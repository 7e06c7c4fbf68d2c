with metric_counts as (
    select
        report_id,
        count(*) as n_metrics,
        count(*) filter (where is_masked) as n_masked_metrics
    from {{ ref('int_metrics_passed') }}
    group by report_id
),

section_counts as (
    select
        report_id,
        count(*) as n_sections
    from {{ ref('stg_sections') }}
    group by report_id
)

select
    r.report_id,
    r.source_file,
    r.title,
    o.org_id,
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
    r.content_sha256,
    r.n_chars,
    coalesce(s.n_sections, 0) as n_sections,
    coalesce(m.n_metrics, 0) as n_metrics,
    coalesce(m.n_masked_metrics, 0) as n_masked_metrics,
    r.extractor_version,
    r.extracted_at
from {{ ref('int_reports_passed') }} as r
left join {{ ref('int_report_organizations') }} as o using (report_id)
left join metric_counts as m using (report_id)
left join section_counts as s using (report_id)
