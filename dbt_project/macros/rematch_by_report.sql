{#- Incremental models that match each report's rows against a curated seed (topic lexicon,
    indicator phrasings) share one rule: a report is matched again when it was re-extracted
    or when the seed changed since its rows were built. -#}

{#- The seed's version: an MD5 of its (key, value) pairs, independent of row order. -#}
{% macro seed_version(seed, key, value) -%}
    select md5(string_agg({{ key }} || ':' || {{ value }}, ',' order by {{ key }}, {{ value }}))
    from {{ ref(seed) }}
{%- endmacro %}

{#- On an incremental build, keep only the rows of `alias` whose report is not yet in this
    model with the same extraction and the same seed version. -#}
{% macro unless_matched_before(alias, version_column) -%}
    {% if is_incremental() %}
    where not exists (
        select 1 from {{ this }} as done
        where done.report_id = {{ alias }}.report_id
          and done.extracted_at = {{ alias }}.extracted_at
          and done.{{ version_column }} = {{ alias }}.{{ version_column }}
    )
    {% endif %}
{%- endmacro %}
