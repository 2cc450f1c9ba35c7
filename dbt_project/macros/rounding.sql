{#- Rounding of required headcount, chosen by parameter headcount_rounding (default half_up:
    0.5 -> 1, 1.5 -> 2). floor(x + 0.5) is exact half-up for the non-negative values ABK produces. -#}
{% macro round_headcount(value, method) -%}
    cast(
        case {{ method }}
            when 'half_up' then floor({{ value }} + 0.5)
            when 'ceiling' then ceil({{ value }})
            when 'floor' then floor({{ value }})
        end
    as integer)
{%- endmacro %}
