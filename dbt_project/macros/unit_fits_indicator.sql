{#- Whether a figure's unit is one its indicator can take in that measure: a level in the
    indicator's own unit, a change in percent (a rate) or in that unit, a ratio in percent. -#}
{% macro unit_fits_indicator(measure, unit, indicator_unit) -%}
    case {{ measure }}
        when 'level' then {{ unit }} = {{ indicator_unit }}
        when 'change' then {{ unit }} in ('percent', {{ indicator_unit }})
        else {{ unit }} = 'percent'
    end
{%- endmacro %}
