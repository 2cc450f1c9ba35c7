{#- Region-level workload aggregates over position rows, shared by the current state
    (int_regions_abk_aggregated) and the projected state after the recommended moves
    (int_positions_projected -> regency_scorecards), so "before" and "after" are computed alike.
    Shares are over staffed (graded) positions; a vacant position has no EJ and no grade. -#}
{% macro workload_region_metrics(staff, headcount, gap, ej, grade, is_balanced, suffix='') -%}
    count(*) filter (where {{ staff }} = 0) as vacant_position_count{{ suffix }},
    count({{ ej }}) as graded_position_count{{ suffix }},
    count(*) filter (where {{ grade }} = 'A') as positions_grade_a{{ suffix }},
    count(*) filter (where {{ grade }} = 'E') as positions_grade_e{{ suffix }},
    count(*) filter (where {{ is_balanced }}) as positions_balanced{{ suffix }},
    count(*) filter (where {{ grade }} = 'A') / nullif(count({{ ej }}), 0) as share_grade_a{{ suffix }},
    count(*) filter (where {{ grade }} = 'E') / nullif(count({{ ej }}), 0) as share_grade_e{{ suffix }},
    count(*) filter (where {{ is_balanced }}) / nullif(count({{ ej }}), 0) as share_balanced{{ suffix }},
    count(*) filter (where {{ grade }} in ('A', 'E')) / nullif(count({{ ej }}), 0) as share_grade_a_or_e{{ suffix }},
    count(*) filter (where {{ staff }} = 0 and {{ headcount }} > 0) as vacant_posts_needing_staff{{ suffix }},
    cast(sum({{ gap }}) as bigint) as staffing_gap_total{{ suffix }},
    cast(sum(greatest({{ gap }}, 0)) as bigint) as staffing_shortage{{ suffix }},
    cast(sum(greatest(-{{ gap }}, 0)) as bigint) as staffing_surplus{{ suffix }},
    sum(least({{ staff }}, {{ headcount }})) / nullif(sum({{ headcount }}), 0) as staffing_fill_rate{{ suffix }},
    stddev_pop({{ ej }}) as ej_stddev_positions{{ suffix }},
    avg({{ ej }}) as ej_mean_positions{{ suffix }},
    avg(abs({{ ej }} - 1)) as ej_mean_abs_deviation{{ suffix }}
{%- endmacro %}
