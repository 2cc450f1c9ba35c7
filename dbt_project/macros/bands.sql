{#- Band membership used for the EJ grade (seed grade_bands) and kept in one place so that the model
    and the invariant test agree on what "inside a band" means. A null bound is open. -#}
{% macro value_in_band(value, band) -%}
    (
        ({{ band }}.lower_bound is null
            or {{ value }} > {{ band }}.lower_bound
            or ({{ band }}.lower_inclusive and {{ value }} = {{ band }}.lower_bound))
        and ({{ band }}.upper_bound is null
            or {{ value }} < {{ band }}.upper_bound
            or ({{ band }}.upper_inclusive and {{ value }} = {{ band }}.upper_bound))
    )
{%- endmacro %}

{#- IP ASN category membership (seed ipasn_categories): lower bound exclusive, upper bound inclusive,
    on the index rounded to the decimals of parameter ipasn_score_decimals. 90.5 > 90 is Sangat Tinggi. -#}
{% macro score_in_category(score, category) -%}
    (
        ({{ category }}.lower_bound_exclusive is null or {{ score }} > {{ category }}.lower_bound_exclusive)
        and ({{ category }}.upper_bound_inclusive is null or {{ score }} <= {{ category }}.upper_bound_inclusive)
    )
{%- endmacro %}
