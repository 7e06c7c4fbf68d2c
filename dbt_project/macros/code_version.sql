{#- MD5 of the SQL of this model and of every model upstream of it, stored with each row: an
    edit of any of them rewrites every row, as a rebuild of a table would. dbt's graph holds
    no macro bodies; after editing a macro that shapes the rows, build with --full-refresh. -#}
{% macro code_version() -%}
    {#- A unit test is no node of the graph: its rows are never kept. -#}
    {%- if not execute or model.unique_id not in graph.nodes -%}
        {{ return('') }}
    {%- endif -%}
    {%- set found = [model.unique_id] -%}
    {%- for unique_id in found -%}  {#- grows while it is walked: a breadth-first search -#}
        {%- for parent in graph.nodes[unique_id].depends_on.nodes
                if parent.startswith('model.') and parent not in found -%}
            {%- do found.append(parent) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set sources = [] -%}
    {%- for unique_id in found | sort -%}
        {%- do sources.append(unique_id ~ '\n' ~ graph.nodes[unique_id].raw_code) -%}
    {%- endfor -%}
    {{ return(local_md5(sources | join('\n'))) }}
{%- endmacro %}
