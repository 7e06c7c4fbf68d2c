{#- Incremental models that keep rows per report replace a report's rows as a whole
    (unique_key report_id, delete+insert). A report is written again when it was extracted
    since its rows were built, or when what its rows were matched against changed. -#}

{#- `column in (...)`: the reports `pending_sql` returns. They are looked up first and written
    into the query as constants: a filter on constants reaches the table scans under the input
    views, so one new report costs one report's work, where an anti-join against the model ran
    after the whole input (every section's text, every metric) had been computed. -#}
{% macro in_reports(column, pending_sql) -%}
    {%- set report_ids = run_query(pending_sql).columns[0].values() if execute else [] -%}
    {{ column }} in (
        {%- for report_id in report_ids %}'{{ report_id | replace("'", "''") }}'{{ ", " if not loop.last }}{% else %}null{% endfor -%}
    )
{%- endmacro %}

{#- Whether this build only adds to the model: it exists and already has `column`, which the
    pending reports are found by. A table built before the column existed is rebuilt whole,
    and on_schema_change='sync_all_columns' adds the column to it. -#}
{% macro incremental_by(column) -%}
    {%- if not is_incremental() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set existing = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {{ return(column | lower in existing) }}
{%- endmacro %}

{#- Published reports extracted since this model's rows of them were built, or not in it yet. -#}
{% macro reports_extracted_since_built() -%}
    select r.report_id
    from {{ ref('int_reports_passed') }} as r
    where not exists (
        select 1 from {{ this }} as built
        where built.report_id = r.report_id and built.extracted_at = r.extracted_at
    )
    order by 1
{%- endmacro %}

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

{#- The seed's version: an MD5 of its (key, value) pairs, independent of row order. -#}
{% macro seed_version(seed, key, value) -%}
    select md5(string_agg({{ key }} || ':' || {{ value }}, ',' order by {{ key }}, {{ value }}))
    from {{ ref(seed) }}
{%- endmacro %}

{#- The rows of model `input` to match against `seed`: `columns` of `input` (alias i) with
    the seed's version as `version_column`. On an incremental build, only the rows of reports
    not yet in this model with the same extraction and the same seed version. -#}
{% macro rows_to_match(input, columns, seed, key, value, version_column) -%}
    {%- set version_sql = seed_version(seed, key, value) %}
    select {% for column in columns %}i.{{ column }}, {% endfor %}({{ version_sql }}) as {{ version_column }}
    from {{ ref(input) }} as i
    {% if is_incremental() %}
    {% set pending %}
        select distinct i.report_id
        from {{ ref(input) }} as i
        where not exists (
            select 1 from {{ this }} as done
            where done.report_id = i.report_id
              and done.extracted_at = i.extracted_at
              and done.{{ version_column }} = ({{ version_sql }})
        )
        order by 1
    {% endset %}
    where {{ in_reports('i.report_id', pending) }}
    {% endif %}
{%- endmacro %}
