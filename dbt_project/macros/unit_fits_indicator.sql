{#- Whether a figure's unit is one its indicator can take in that measure: a level in the
    indicator's own unit, a change in percent (a rate) or in that unit, a ratio in percent.
    Money may be in dollars (exports, foreign investment): the figure keeps its unit, and
    series and their changes never mix the two. -#}
{% macro unit_fits_indicator(measure, unit, indicator_unit) -%}
    case {{ measure }}
        when 'level' then {{ unit }} = {{ indicator_unit }} or ({{ indicator_unit }} = 'CNY' and {{ unit }} = 'USD')
        when 'change' then {{ unit }} in ('percent', {{ indicator_unit }})
            or ({{ indicator_unit }} = 'CNY' and {{ unit }} = 'USD')
        else {{ unit }} = 'percent'
    end
{%- endmacro %}
