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
