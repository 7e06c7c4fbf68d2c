{#- Whether this build only adds to the model: it exists and already has every one of
    `columns`, which the pending reports are found by. Into a table built before one of them
    existed every report is written again (on_schema_change, append_new_columns or sync_all_columns, adds the
    column first), and the post-hook deletes the rows left over, which have no extraction time. -#}
{% macro incremental_by(columns) -%}
    {%- if not is_incremental() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set existing = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {{ return(columns | map('lower') | reject('in', existing) | list | length == 0) }}
{%- endmacro %}
