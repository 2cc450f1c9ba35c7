{#- Every override of a dbt or dbt-duckdb built-in macro, in one file. Each is pinned by
    tests/dbt/test_dbt_compat.py (the installed versions and a hash of the upstream macro it shadows), so an
    upgrade fails a test instead of changing behaviour silently; then re-read the upstream macro, re-apply or
    drop the override, and update the pin.

    The upstream files are in dbt's global project, dbt/include/global_project, shipped by the package
    dbt-adapters (dbt-core before 1.8):
    1. should_full_refresh  shadows macros/materializations/configs.sql; dbt-duckdb's incremental
       materialization and is_incremental()
       (macros/materializations/models/incremental/is_incremental.sql) call it, so both are pinned
       too. Why: a partitioned model is rebuilt in full unless the build is scoped.
    2. duckdb__get_where_subquery  takes precedence over default__get_where_subquery
       (macros/materializations/tests/where_subquery.sql) through adapter.dispatch. Why: the data tests of a
       scoped build read only the rows the build recomputed. -#}


{#- 1. A partitioned model (incremental_strategy replace_snapshots) is rebuilt in full, exactly like a
    `table`, unless the build is scoped (source state.dbt_scope, macros/partitions.sql); every other model
    as upstream. Decided when the model runs, so scoping a build needs no parse-time config. -#}
{% macro should_full_refresh() %}
    {%- set config_full_refresh = config.get('full_refresh') -%}
    {%- if config_full_refresh is none -%}
        {%- set config_full_refresh = flags.FULL_REFRESH -%}
    {%- endif -%}
    {%- if not config_full_refresh and config.get('incremental_strategy') == 'replace_snapshots' -%}
        {%- set config_full_refresh = not dbt_scope_named() -%}
    {%- endif -%}
    {{ return(config_full_refresh) }}
{% endmacro %}


{#- 2. Data tests of a scoped build look at the rows the build recomputed (docs/indices.md, section 11): a
    generic test on a partitioned model reads only the regions (province-level models: the provinces) of the
    build's lists for that model's kind; the rows of every other region are the ones the last successful
    build tested, untouched since. Without this, the nightly run of one region tested every table of the
    whole warehouse again: at national scale (514 regions) 39 s of test time for one region's new rows.
    A full build tests everything; singular tests and tests on views, seeds and tables are not filtered; a
    test's own `where` config still applies on top. `data_tests: +where:` cannot replace this: the filter
    depends on the tested model's own config and on the lists of the build in progress, while a test's
    `where` is rendered once when dbt parses the project (dbt/parser/generic_test_builders.py, execute false,
    no run_query), the same for every test of a folder, whatever model it tests. -#}
{% macro duckdb__get_where_subquery(relation) -%}
    {%- set predicates = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do predicates.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {#- at parse time (execute false) nothing is scoped, and the project's other macros are not all in reach -#}
    {%- set scope = test_scope_predicate(relation) if execute else '' -%}
    {%- if scope -%}
        {%- do predicates.append(scope) -%}
    {%- endif -%}
    {%- if not predicates -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set filtered -%}
        (select * from {{ relation }} where {{ predicates | join(' and ') }}) dbt_subquery
    {%- endset -%}
    {{ return(filtered) }}
{%- endmacro %}


{#- The partitioned model behind a relation, or none. -#}
{% macro partitioned_model_of(relation) -%}
    {%- if not execute or relation is string or relation.identifier is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.config.get('incremental_strategy') == 'replace_snapshots'
              and node.schema | lower == (relation.schema or '') | lower
              and (node.alias or node.name) | lower == relation.identifier | lower -%}
            {{ return(node) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{%- endmacro %}


{#- SQL predicate over a partitioned model's rows that this build may have replaced; '' = no filter. -#}
{% macro test_scope_predicate(relation) -%}
    {#- whether the build is scoped first: a full build need not look the model up -#}
    {%- if not dbt_scope_named() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set node = partitioned_model_of(relation) -%}
    {%- if node is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set kind = node.config.get('snapshot_scope', 'snapshot') -%}
    {%- set lists = "read_parquet('" ~ state_root() ~ "/dbt_scope.parquet')" -%}
    {%- if node.config.get('partition_level') == 'province' -%}
        {%- set column, level = 'province_code', 'province' -%}
    {%- else -%}
        {%- set column, level = 'region_code', 'region' -%}
    {%- endif -%}
    {%- set values = run_query("select distinct " ~ column ~ " from " ~ lists ~ " where level = '" ~ level
                               ~ "' and kind = '" ~ kind ~ "' order by 1").columns[0].values() -%}
    {{ return(column ~ " in ('" ~ (values | join("', '")) ~ "')") }}
{%- endmacro %}
