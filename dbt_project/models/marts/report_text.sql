-- The cleaned text that metric offsets point into, kept apart so dim_report stays narrow.
-- Incremental: a report's text is written again only when it was extracted since the last build
-- or this SQL changed.
{{ config(materialized='incremental', unique_key='report_id', incremental_strategy='delete+insert',
          on_schema_change='sync_all_columns', post_hook="{{ delete_stale_reports() }}") }}
{%- set model_version = code_version() %}

select
    report_id,
    cleaned_text,
    extracted_at,
    '{{ model_version }}' as model_version
from {{ ref('int_reports_passed') }}
{% if incremental_by(['extracted_at', 'model_version']) %}
where {{ in_reports('report_id', reports_not_built('int_reports_passed', 'model_version', "'" ~ model_version ~ "'")) }}
{% endif %}
