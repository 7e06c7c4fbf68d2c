{#- Post-hook of the marts kept per report: delete the rows of reports whose current extraction
    is no longer published (a revision superseded at its source, a re-extraction that failed
    the gate), which delete+insert alone would keep. -#}
{% macro delete_stale_reports() -%}
    delete from {{ this }} as kept
    where not exists (
        select 1 from {{ ref('int_reports_passed') }} as r
        where r.report_id = kept.report_id and r.extracted_at = kept.extracted_at
    )
{%- endmacro %}
