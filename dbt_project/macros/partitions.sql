{#- Partition-aware rebuild (docs/indices.md, section 11 "Pembaruan sebagian / Incremental rebuild").

    The heavy per-snapshot models are `incremental` with the strategy `replace_snapshots` below. What a
    build recomputes is decided in Python, once per run (mutasi/changes.py, the ChangeSet), and handed to
    dbt as explicit lists: source('state', 'dbt_scope'), the file state/dbt_scope.parquet that the Dagster
    dbt step writes just before it calls dbt and removes after. No file (a first run, a hand-run
    `dbt build`, a changed project) or `--full-refresh`: every model is rebuilt in full, exactly like a
    `table`. With the file, each model recomputes the rows of its scope (config `snapshot_scope`:
    snapshot, history or province; the lists hold each kind already expanded) and replaces them: delete +
    insert in one transaction.
    Safety: when a table holds another params_version than the current one (a parameter changed), the model
    is rebuilt in full even with a scope (config params_check: false on the tables without the warehouse's
    params_version: audit tables and the marts stamped by the optimiser). A change of a model's columns
    makes the incremental run fail (on_schema_change: fail): build once in full. -#}


{#- Whether the build is scoped: the lists exist. Asked once per model (cached on the node). -#}
{% macro dbt_scope_named() %}
    {%- set cache = model.setdefault('_dbt_scope_cache', {}) -%}
    {%- if 'named' not in cache -%}
        {%- set found = run_query("select count(*) from glob('" ~ state_root() ~ "/dbt_scope.parquet')") -%}
        {%- do cache.update({'named': found.columns[0].values()[0] > 0}) -%}
    {%- endif -%}
    {{ return(cache['named']) }}
{% endmacro %}


{#- Root of the control state written by the Python assets: $MUTASI_DATA_DIR/state (as lake_root()). -#}
{% macro state_root() -%}
    {{ return(env_var('MUTASI_DATA_DIR', './data') ~ '/state') }}
{%- endmacro %}


{#- The rows of the lists for one kind: {'all': true} for a full build, else {'all': false, 'regions':
    [regions named whole], 'pairs': [[region, date], ...]}. `source` is taken outside any condition so that
    dbt records the lineage when it parses the model. -#}
{% macro partition_scope(kind, with_previous=false) %}
    {%- set scope_relation = source('state', 'dbt_scope') -%}
    {%- set params_version_relation = ref('params_version') -%}
    {%- if not execute or not is_incremental() or not dbt_scope_named() -%}
        {{ return({'all': true}) }}
    {%- endif -%}
    {%- if kind not in ('snapshot', 'history', 'province') -%}
        {{ exceptions.raise_compiler_error("snapshot_scope must be snapshot, history or province, got " ~ kind) }}
    {%- endif -%}
    {%- set cache = model.setdefault('_dbt_scope_cache', {}) -%}
    {%- set cache_key = kind ~ ':' ~ with_previous -%}
    {%- if cache_key in cache -%}
        {{ return(cache[cache_key]) }}
    {%- endif -%}
    {%- if config.get('params_check', true) -%}
        {%- set stale = run_query(
            "select exists (select 1 from " ~ this ~ " where params_version is distinct from (select params_version from "
            ~ params_version_relation ~ "))") -%}
        {%- if stale.columns[0].values()[0] -%}
            {%- do cache.update({cache_key: {'all': true}}) -%}
            {%- do log(this ~ ": params_version changed, rebuilding every snapshot", info=true) -%}
            {{ return({'all': true}) }}
        {%- endif -%}
    {%- endif -%}
    {%- set rows = run_query(
        "select region_code, strftime(snapshot_date, '%Y-%m-%d') from " ~ scope_relation
        ~ " where level = 'region' and kind = '" ~ kind ~ "' and with_previous = " ~ with_previous
        ~ " order by all").rows -%}
    {%- set scope = {'all': false, 'regions': [], 'pairs': []} -%}
    {%- for row in rows -%}
        {%- if row[1] is none -%}
            {%- do scope.regions.append(row[0]) -%}
        {%- else -%}
            {%- do scope.pairs.append([row[0], row[1]]) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do cache.update({cache_key: scope}) -%}
    {{ return(scope) }}
{% endmacro %}


{#- SQL predicate selecting the rows of a model's scope (`true` when everything is rebuilt). The IN lists
    come first so that DuckDB pushes them into the Parquet scans (row-group statistics). -#}
{% macro partition_filter(kind=none, region='region_code', date='snapshot_date', with_previous=false) %}
    {%- set scope = partition_scope(kind or config.get('snapshot_scope', 'snapshot'), with_previous) -%}
    {%- if scope.all -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set regions = scope.regions + (scope.pairs | map(attribute=0) | unique | list) -%}
    {%- if not regions -%}
        {{ return('false') }}
    {%- endif -%}
    {%- set terms = [] -%}
    {%- for region_code in scope.regions -%}
        {%- do terms.append(region ~ " = '" ~ region_code ~ "'") -%}
    {%- endfor -%}
    {%- for pair in scope.pairs -%}
        {%- do terms.append("(" ~ region ~ " = '" ~ pair[0] ~ "' and " ~ date ~ " = date '" ~ pair[1] ~ "')") -%}
    {%- endfor -%}
    {%- set predicate -%}
        ({{ region }} in ('{{ regions | join("', '") }}')
        {%- if not scope.regions %}
            and {{ date }} in ({% for day in scope.pairs | map(attribute=1) | unique %}date '{{ day }}'{{ ", " if not loop.last }}{% endfor %})
        {%- endif %}
            and ({{ terms | join(' or ') }}))
    {%- endset -%}
    {{ return(predicate) }}
{% endmacro %}


{#- The same for province-level rows: the (province_code, snapshot_date) pairs of the lists. -#}
{% macro province_partition_filter(kind=none, province='province_code', date='snapshot_date') %}
    {%- set scope_relation = source('state', 'dbt_scope') -%}
    {%- set scope = partition_scope(kind or config.get('snapshot_scope', 'snapshot')) -%}
    {%- if scope.all -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set rows = run_query(
        "select province_code, strftime(snapshot_date, '%Y-%m-%d') from " ~ scope_relation
        ~ " where level = 'province' and kind = '" ~ (kind or config.get('snapshot_scope', 'snapshot'))
        ~ "' order by all").rows -%}
    {%- set terms = [] -%}
    {%- for row in rows -%}
        {%- do terms.append("(" ~ province ~ " = '" ~ row[0] ~ "' and " ~ date ~ " = date '" ~ row[1] ~ "')") -%}
    {%- endfor -%}
    {{ return("(" ~ (terms | join(' or ') if terms else 'false') ~ ")") }}
{% endmacro %}


{#- Incremental strategy of the partitioned models: replace the rows of the model's scope. The temporary
    relation holds the recomputed rows (the model's SQL filtered to the same scope); both statements
    run in the model's transaction, so a failure leaves the table as it was. -#}
{% macro get_incremental_replace_snapshots_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- if config.get('partition_level') == 'province' -%}
        {%- set predicate = province_partition_filter(config.get('snapshot_scope', 'snapshot')) -%}
    {%- else -%}
        {%- set predicate = partition_filter(config.get('snapshot_scope', 'snapshot')) -%}
    {%- endif -%}
    delete from {{ target }} where {{ predicate }};
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}


{#- The ORDER BY that ends every partitioned model: its rows are stored by partition (region or province, then
    snapshot), so that the row groups of one region hold that region alone and a read of one region (the
    optimiser's inputs, the packages, the scoped builds' deletes and tests) skips the others by their min/max.
    Without it a table is in the order the model's joins produced, every row group holds every region, and
    each read of one region scans the whole table: national warehouse (514 regions, 3.57 M employees),
    2026-12-05, the optimiser's employee query for one region 0.31 -> 0.06 CPU-s; sorting costs the full
    build of employee_indices 5.9 -> 8.8 s. The province-level models pass 'province_code' (an argument, not
    their partition_level config: a unit test renders the model with its own config). -#}
{% macro partition_order(partition='region_code') -%}
    order by {{ partition }}, snapshot_date
{%- endmacro %}
