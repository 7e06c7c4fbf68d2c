{#- The version of a match: an MD5 of the seed's (key, value) pairs, independent of row
    order, and of the SQL that matches them. -#}
{% macro match_version(seed, key, value) -%}
    select md5(string_agg({{ key }} || ':' || {{ value }}, ',' order by {{ key }}, {{ value }})
               || '{{ code_version() }}')
    from {{ ref(seed) }}
{%- endmacro %}
