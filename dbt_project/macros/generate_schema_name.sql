{#- Custom schemas are used as they are (`marts`, not `main_marts`): the warehouse layout in
    docs/architecture.md names them `staging`, `intermediate`, `marts`, `audit` and `params`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
