{#- Composite foreign key: every row whose key columns are all non-null has a parent row in `to` with the
    same key. `keys` lists column names; an entry {child_column: parent_column} maps differing names,
    e.g. keys: [region_code, snapshot_date, {position_code: position_code}]. -#}
{% test relationships_by_keys(model, to, keys) %}

    {%- set pairs = [] -%}
    {%- for key in keys -%}
    {%- if key is mapping -%}
        {%- for child, parent in key.items() -%}{%- do pairs.append((child, parent)) -%}{%- endfor -%}
    {%- else -%}
        {%- do pairs.append((key, key)) -%}
    {%- endif -%}
{%- endfor %}

select child.*
-- `model` may be a filtered subquery that already carries an alias (a test's `where`, macros/compat.sql)
from (select * from {{ model }}) as child
where
    {%- for child_column, parent_column in pairs %}
    child.{{ child_column }} is not null and
    {%- endfor %}
    not exists (
        select 1
        from {{ to }} as parent
        where
{%- for child_column, parent_column in pairs %}
            parent.{{ parent_column }} = child.{{ child_column }}{{ " and" if not loop.last }}
            {%- endfor %}
    )

{% endtest %}
