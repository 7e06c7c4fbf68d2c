{#- Use the layer's schema name as written (stg, intermediate, marts): the published
    contract is `marts.dim_report`, not dbt's default `<target>_marts`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name else target.schema }}
{%- endmacro %}
