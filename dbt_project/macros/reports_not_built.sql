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
