{#- Incremental models that match each report's rows against a curated seed (topic lexicon,
    indicator phrasings) share one rule: a report is matched again when it was re-extracted
    or when the seed changed since its rows were built. -#}

{#- The seed's version: an MD5 of its (key, value) pairs, independent of row order. -#}
{% macro seed_version(seed, key, value) -%}
    select md5(string_agg({{ key }} || ':' || {{ value }}, ',' order by {{ key }}, {{ value }}))
    from {{ ref(seed) }}
{%- endmacro %}

{#- The rows of model `input` to match against `seed`: `columns` of `input` (alias i) with
    the seed's version as `version_column`. On an incremental build, only the rows of reports
    not yet in this model with the same extraction and the same seed version.
    Those reports are looked up first and written into the query as constants: a filter on
    constants reaches the table scans under the input views, so one new report costs one
    report's work, where an anti-join against this model ran after the whole input (every
    section's text, every metric) had been computed. -#}
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
    {% set report_ids = run_query(pending).columns[0].values() if execute else [] %}
    where i.report_id in (
        {%- for report_id in report_ids %}'{{ report_id | replace("'", "''") }}'{{ ", " if not loop.last }}{% else %}null{% endfor -%}
    )
    {% endif %}
{%- endmacro %}
