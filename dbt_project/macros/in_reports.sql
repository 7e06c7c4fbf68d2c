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
