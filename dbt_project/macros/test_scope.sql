{#- Data tests of a partition-aware build look at the rows the build recomputed (docs/indices.md, section 11).

    When region snapshots are named (var `snapshots` / MUTASI_DBT_SNAPSHOTS, macros/partitions.sql), a
    generic test on a partitioned model (incremental_strategy replace_snapshots) reads only the regions whose
    rows this build may have replaced: the rows of every other region are the ones the last successful build
    tested, untouched since. Without this, the nightly run of one region tested every table of the whole
    warehouse again: at national scale (514 regions) 39 s of test time, for one region's new rows.

    The filter is a superset of each model's scope: the named regions, every snapshot of them
    (`snapshot` and `history` scopes stay within a region), and for the `province` scope and for
    province-level models every regency of their provinces. A full build names nothing and tests everything.
    Singular tests (tests/singular) and tests on views, seeds and tables are not filtered. A test's own
    `where` config still applies on top. -#}
{% macro duckdb__get_where_subquery(relation) -%}
    {%- set predicates = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do predicates.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {#- at parse time (execute false) nothing is named, and the project's other macros are not all in reach -#}
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
    {#- what is named first: a full build names nothing and need not look the model up -#}
    {%- set named = snapshots_var() -%}
    {%- set regions = named.regions + (named.pairs | map(attribute=0) | list) -%}
    {%- if not regions -%}
        {{ return('') }}
    {%- endif -%}
    {%- set node = partitioned_model_of(relation) -%}
    {%- if node is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set region_list = "('" ~ (regions | unique | sort | join("', '")) ~ "')" -%}
    {%- set region_table = api.Relation.create(database=target.database, schema='params', identifier='regions') -%}
    {%- set provinces = "(select province_code from " ~ region_table ~ " where region_code in " ~ region_list ~ ")" -%}
    {%- if node.config.get('partition_level') == 'province' -%}
        {{ return("province_code in " ~ provinces) }}
    {%- elif node.config.get('snapshot_scope') == 'province' -%}
        {{ return("region_code in (select region_code from " ~ region_table ~ " where province_code in " ~ provinces ~ ")") }}
    {%- endif -%}
    {{ return("region_code in " ~ region_list) }}
{%- endmacro %}
