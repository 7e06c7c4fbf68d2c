{#- A time scope that covers part of a year: months (1-10月, 截至9月底), quarters, half years. -#}
{% macro is_part_of_year(scope) -%}
    coalesce(regexp_matches({{ scope }}, '月|季度|半年'), false)
{%- endmacro %}
