{#- on-run-end: drop the tables and views left in this project's schemas by models that no
    longer exist (a renamed or removed mart), which every publish would otherwise copy on. -#}
{% macro drop_retired_models() -%}
    {%- if execute and flags.WHICH in ('build', 'run') -%}
        {%- set current = [] -%}
        {%- set schemas = [] -%}
        {%- for node in graph.nodes.values() if node.resource_type in ('model', 'seed', 'snapshot') -%}
            {%- do current.append((node.schema ~ '.' ~ (node.alias or node.name)) | lower) -%}
            {%- if node.resource_type == 'model' and node.schema | lower not in schemas -%}
                {%- do schemas.append(node.schema | lower) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set found = run_query(
            "select table_schema, table_name, table_type from information_schema.tables"
            ~ " where table_catalog = '" ~ target.database ~ "'"
            ~ " and lower(table_schema) in ('" ~ schemas | join("', '") ~ "')") -%}
        {%- for row in found.rows if (row[0] ~ '.' ~ row[1]) | lower not in current -%}
            {%- do log('dropping retired model ' ~ row[0] ~ '.' ~ row[1], info=true) -%}
            {%- do run_query('drop ' ~ ('view' if row[2] == 'VIEW' else 'table') ~ ' if exists "'
                             ~ row[0] ~ '"."' ~ row[1] ~ '"') -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
