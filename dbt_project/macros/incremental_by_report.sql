{#- Incremental models that keep rows per report replace a report's rows as a whole
    (unique_key report_id, delete+insert). A report is written again when it was extracted
    since its rows were built, when what its rows were matched against changed, or when the
    SQL that builds them changed. -#}

{#- MD5 of the SQL of this model and of every model upstream of it, stored with each row: an
    edit of any of them rewrites every row, as a rebuild of a table would. dbt's graph holds
    no macro bodies; after editing a macro that shapes the rows, build with --full-refresh. -#}
{% macro code_version() -%}
    {#- A unit test is no node of the graph: its rows are never kept. -#}
    {%- if not execute or model.unique_id not in graph.nodes -%}
        {{ return('') }}
    {%- endif -%}
    {%- set found = [model.unique_id] -%}
    {%- for unique_id in found -%}  {#- grows while it is walked: a breadth-first search -#}
        {%- for parent in graph.nodes[unique_id].depends_on.nodes
                if parent.startswith('model.') and parent not in found -%}
            {%- do found.append(parent) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set sources = [] -%}
    {%- for unique_id in found | sort -%}
        {%- do sources.append(unique_id ~ '\n' ~ graph.nodes[unique_id].raw_code) -%}
    {%- endfor -%}
    {{ return(local_md5(sources | join('\n'))) }}
{%- endmacro %}

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

{#- Whether this build only adds to the model: it exists and already has every one of
    `columns`, which the pending reports are found by. Into a table built before one of them
    existed every report is written again (on_schema_change='sync_all_columns' adds the
    column first), and the post-hook deletes the rows left over, which have no extraction time. -#}
{% macro incremental_by(columns) -%}
    {%- if not is_incremental() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set existing = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {{ return(columns | map('lower') | reject('in', existing) | list | length == 0) }}
{%- endmacro %}

{#- Reports of model `input` not in this model yet with the same extraction and with
    `version_column` equal to the SQL expression `version_sql`. -#}
{% macro reports_not_built(input, version_column, version_sql) -%}
    select distinct i.report_id
    from {{ ref(input) }} as i
    where not exists (
        select 1 from {{ this }} as built
        where built.report_id = i.report_id
          and built.extracted_at = i.extracted_at
          and built.{{ version_column }} = {{ version_sql }}
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

{#- The version of a match: an MD5 of the seed's (key, value) pairs, independent of row
    order, and of the SQL that matches them. -#}
{% macro match_version(seed, key, value) -%}
    select md5(string_agg({{ key }} || ':' || {{ value }}, ',' order by {{ key }}, {{ value }})
               || '{{ code_version() }}')
    from {{ ref(seed) }}
{%- endmacro %}

{#- The rows of model `input` to match against `seed`: `columns` of `input` (alias i) with
    the match version as `version_column`. On an incremental build, only the rows of reports
    not yet in this model with the same extraction and the same match version. -#}
{% macro rows_to_match(input, columns, seed, key, value, version_column) -%}
    {%- set version_sql = match_version(seed, key, value) %}
    select {% for column in columns %}i.{{ column }}, {% endfor %}({{ version_sql }}) as {{ version_column }}
    from {{ ref(input) }} as i
    {% if is_incremental() %}
    where {{ in_reports('i.report_id', reports_not_built(input, version_column, '(' ~ version_sql ~ ')')) }}
    {% endif %}
{%- endmacro %}
