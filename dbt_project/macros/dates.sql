{#- Completed calendar months from start_date to end_date (0 when end_date < start_date would give a
    negative count, which the callers never feed). "1 May -> 31 May" is 0, "1 May -> 1 June" is 1. -#}
{% macro completed_months(start_date, end_date) -%}
    (
        (year({{ end_date }}) - year({{ start_date }})) * 12
        + (month({{ end_date }}) - month({{ start_date }}))
        - case when day({{ end_date }}) < day({{ start_date }}) then 1 else 0 end
    )
{%- endmacro %}

{#- Completed years (age in whole years, as on an ID card). -#}
{% macro completed_years(start_date, end_date) -%}
    (
        year({{ end_date }}) - year({{ start_date }})
        - case
            when month({{ end_date }}) < month({{ start_date }})
                or (month({{ end_date }}) = month({{ start_date }}) and day({{ end_date }}) < day({{ start_date }}))
            then 1 else 0
        end
    )
{%- endmacro %}

{#- A duration in years given as a (possibly fractional) parameter, as a DuckDB interval in whole months. -#}
{% macro years_interval(years_expr) -%}
    to_months(cast(round({{ years_expr }} * 12) as integer))
{%- endmacro %}

{#- "3 tahun 2 bulan" from a number of months (Bahasa Indonesia, for explanations). -#}
{% macro months_as_text_id(months_expr) -%}
    (
        case
            when ({{ months_expr }}) // 12 > 0 and ({{ months_expr }}) % 12 > 0
                then cast(({{ months_expr }}) // 12 as varchar) || ' tahun ' || cast(({{ months_expr }}) % 12 as varchar) || ' bulan'
            when ({{ months_expr }}) // 12 > 0
                then cast(({{ months_expr }}) // 12 as varchar) || ' tahun'
            else cast(({{ months_expr }}) % 12 as varchar) || ' bulan'
        end
    )
{%- endmacro %}

{#- dd-mm-yyyy, the way dates are written in Indonesian letters. -#}
{% macro date_id(date_expr) -%}
    strftime({{ date_expr }}, '%d-%m-%Y')
{%- endmacro %}

{#- A parameter value written for an Indonesian sentence: no trailing zeros, decimal comma (2 -> "2", 1.5 -> "1,5"). -#}
{% macro number_id(value) -%}
    replace(rtrim(rtrim(printf('%.2f', {{ value }}), '0'), '.'), '.', ',')
{%- endmacro %}
