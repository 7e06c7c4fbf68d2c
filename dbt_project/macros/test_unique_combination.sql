{# Rows of `model` that share the same values in all of `columns` (dbt-utils is not fetched:
   the build never downloads packages). #}
{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
