{#- Partition-aware rebuild (docs/indices.md, section 11 "Pembaruan sebagian / Incremental rebuild").

    The heavy per-snapshot models are `incremental` with the strategy `replace_snapshots` below. They are
    rebuilt in full (create table as, exactly like a `table`) unless the changed region snapshots are named:

        dbt build --vars '{"snapshots": ["6171:2026-07-31", "6172:2026-07-31"]}'   # these snapshots
        dbt build --vars '{"snapshots": ["6171"]}'                                 # every snapshot of 6171
        MUTASI_DBT_SNAPSHOTS="6171:2026-07-31 6172:2026-07-31" dbt build           # the same, no re-parse

    Entries: "RRRR:YYYY-MM-DD" (one region snapshot, whether it is still in the lake or was removed) or
    "RRRR" (every snapshot of the region); a comma- or space-separated string is accepted too. The var wins
    over the environment variable MUTASI_DBT_SNAPSHOTS, which is read only when models run (a changed
    `--vars` makes dbt parse the whole project again). Nothing named (the default), a first run (no table
    yet) and `--full-refresh` rebuild everything.

    With snapshots named, each model recomputes only its *scope* and replaces those rows (delete + insert in
    one transaction). The scope (config `snapshot_scope`) follows from what the model's rows depend on:
      snapshot  the named snapshots                                  (same-snapshot inputs only)
      history   the named snapshots, the next snapshot of the region after each, and every later
                snapshot of the region whose no-move-back window (parameter no_move_back_years) reaches
                back to a named date: previous-snapshot comparisons, positions held in the last 2 years,
                and the plans the optimiser builds on them
      province  the history scope and every regency of the same province on those dates (rank in province)
    Province-level marts (config partition_level: province) replace the (province_code, snapshot_date)
    pairs of the regency snapshots in their scope.
    Safety: when a table holds another params_version than the current one (a parameter changed), the
    model is rebuilt in full even with snapshots named (config params_check: false on the tables without
    the warehouse's params_version: audit tables and the marts stamped by the optimiser). A change of a
    model's columns makes the incremental run fail (on_schema_change: fail): build once without names. -#}


{#- The named snapshots, validated: {'pairs': [[region, date], ...], 'regions': [region, ...]}. From the var
    `snapshots`, else (when the model runs, never while the project is parsed) from the environment variable
    MUTASI_DBT_SNAPSHOTS: a changed `--vars` makes dbt parse the whole project again (several seconds),
    an environment variable read only at run time does not. -#}
{% macro snapshots_var() %}
    {%- set raw = var('snapshots', []) -%}
    {%- if not raw and execute -%}
        {%- set raw = env_var('MUTASI_DBT_SNAPSHOTS', '') -%}
    {%- endif -%}
    {%- if raw is none -%}
        {%- set raw = [] -%}
    {%- elif raw is string -%}
        {%- set raw = raw.replace(',', ' ').split() -%}
    {%- elif raw is mapping or raw is not iterable -%}
        {{ exceptions.raise_compiler_error("var snapshots must be a list of \"RRRR:YYYY-MM-DD\" or \"RRRR\" strings, got " ~ raw) }}
    {%- endif -%}
    {%- set pairs = [] -%}
    {%- set regions = [] -%}
    {%- for item in raw -%}
        {%- set text = (item | string).strip() -%}
        {%- if modules.re.fullmatch('[0-9]{4}', text) -%}
            {%- if text not in regions -%}{%- do regions.append(text) -%}{%- endif -%}
        {%- elif modules.re.fullmatch('[0-9]{4}:[0-9]{4}-[0-9]{2}-[0-9]{2}', text) -%}
            {%- set parts = text.split(':') -%}
            {%- set valid_date = modules.datetime.datetime.strptime(parts[1], '%Y-%m-%d') -%}
            {%- if parts not in pairs -%}{%- do pairs.append(parts) -%}{%- endif -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error("snapshots: \"" ~ text ~ "\" is neither \"RRRR:YYYY-MM-DD\" nor \"RRRR\"") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return({'pairs': pairs, 'regions': regions}) }}
{% endmacro %}


{#- Overrides dbt's should_full_refresh (same behaviour for every other model): a partitioned model
    (incremental_strategy replace_snapshots) is rebuilt in full, exactly like a `table`, unless snapshots
    are named. Decided when the model runs, so naming snapshots needs no parse-time config. -#}
{% macro should_full_refresh() %}
    {%- set config_full_refresh = config.get('full_refresh') -%}
    {%- if config_full_refresh is none -%}
        {%- set config_full_refresh = flags.FULL_REFRESH -%}
    {%- endif -%}
    {%- if not config_full_refresh and config.get('incremental_strategy') == 'replace_snapshots' -%}
        {%- set named = snapshots_var() -%}
        {%- set config_full_refresh = not (named.pairs or named.regions) -%}
    {%- endif -%}
    {{ return(config_full_refresh) }}
{% endmacro %}


{#- The region snapshots a model recomputes in an incremental run, from the var and the lake:
    {'all': true} when everything is to be recomputed, else {'all': false, 'regions': [...every snapshot
    of these...], 'pairs': [[region, date], ...]}. `with_previous` adds each pair's previous snapshot of
    the region (input of lag-style comparisons). Refs are taken outside any condition so that dbt records
    the lineage when it parses the model. -#}
{% macro partition_scope(kind, with_previous=false) %}
    {#- unconditional, so that the lineage is recorded at parse time (when config values are unknown) -#}
    {%- set params_relation = ref('params_scalar') -%}
    {%- set params_version_relation = ref('params_version') -%}
    {%- set regions_relation = ref('regions') -%}
    {%- set named = snapshots_var() -%}
    {%- if not execute or not is_incremental() or not (named.pairs or named.regions) -%}
        {{ return({'all': true}) }}
    {%- endif -%}
    {%- if kind not in ('snapshot', 'history', 'province') -%}
        {{ exceptions.raise_compiler_error("snapshot_scope must be snapshot, history or province, got " ~ kind) }}
    {%- endif -%}
    {#- computed once per model and kind: a model asks for its scope several times -#}
    {%- set cache = model.setdefault('_partition_scope_cache', {}) -%}
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

    {%- set scope_sql -%}
        with named_pairs(region_code, snapshot_date) as (
            {%- for pair in named.pairs %}
            {{ "values" if loop.first else "," }} ('{{ pair[0] }}', date '{{ pair[1] }}')
            {%- else %}
            select cast(null as varchar), cast(null as date) where false
            {%- endfor %}
        ),
        named_regions(region_code) as (
            {%- for region in named.regions %}
            {{ "values" if loop.first else "," }} ('{{ region }}')
            {%- else %}
            select cast(null as varchar) where false
            {%- endfor %}
        ),
        existing as (
            -- every region snapshot in the lake (docs/architecture.md: one folder per region snapshot)
            select distinct
                regexp_extract(file, 'region_code=([^/\\]+)', 1) as region_code,
                cast(regexp_extract(file, 'snapshot_date=([0-9-]+)', 1) as date) as snapshot_date
            from glob('{{ lake_root() }}/clean/pegawai/*/*/*.parquet')
        ),
        named_scope as (
            select region_code, snapshot_date from named_pairs
            union
            select existing.region_code, existing.snapshot_date
            from existing
            inner join named_regions on existing.region_code = named_regions.region_code
        ),
        {%- if kind in ('history', 'province') %}
        params as (
            select {{ years_interval('no_move_back_years') }} as no_move_back from {{ params_relation }}
        ),
        following as (
            -- the next snapshot of the region after a named one, and every later one whose no-move-back
            -- window (snapshot - no_move_back_years, the frame of int_employees_positions_historized)
            -- reaches back to the named date
            select later.region_code, later.snapshot_date
            from named_scope
            cross join params
            inner join existing as later
                on later.region_code = named_scope.region_code
                and later.snapshot_date > named_scope.snapshot_date
            qualify
                later.snapshot_date - params.no_move_back <= named_scope.snapshot_date
                or row_number() over (
                    partition by named_scope.region_code, named_scope.snapshot_date order by later.snapshot_date
                ) = 1
        ),
        history_scope as (
            select * from named_scope
            union
            select * from following
        ),
        {%- else %}
        history_scope as (
            select * from named_scope
        ),
        {%- endif %}
        {%- if kind == 'province' %}
        scope as (
            -- every regency of the same province on the same dates
            select * from history_scope
            union
            select existing.region_code, existing.snapshot_date
            from existing
            inner join {{ regions_relation }} as existing_region
                on existing.region_code = existing_region.region_code
            inner join (
                select distinct scope_region.province_code, history_scope.snapshot_date
                from history_scope
                inner join {{ regions_relation }} as scope_region
                    on history_scope.region_code = scope_region.region_code
            ) as provinces
                on existing_region.province_code = provinces.province_code
                and existing.snapshot_date = provinces.snapshot_date
        ),
        {%- else %}
        scope as (
            select * from history_scope
        ),
        {%- endif %}
        previous as (
            select scope.region_code, max(earlier.snapshot_date) as snapshot_date
            from scope
            inner join existing as earlier
                on earlier.region_code = scope.region_code
                and earlier.snapshot_date < scope.snapshot_date
            group by scope.region_code, scope.snapshot_date
        )
        select region_code, strftime(snapshot_date, '%Y-%m-%d') as snapshot_date
        from (
            select * from scope
            {%- if with_previous %}
            union
            select * from previous
            {%- endif %}
        )
        where region_code not in (select region_code from named_regions)
        order by region_code, snapshot_date
    {%- endset -%}
    {%- set pairs = [] -%}
    {%- for row in run_query(scope_sql).rows -%}
        {%- do pairs.append([row[0], row[1]]) -%}
    {%- endfor -%}
    {%- do cache.update({cache_key: {'all': false, 'regions': named.regions, 'pairs': pairs}}) -%}
    {{ return(cache[cache_key]) }}
{% endmacro %}


{#- SQL predicate selecting the rows of a model's scope (`true` when everything is rebuilt). The IN lists
    come first so that DuckDB pushes them into the Parquet scans (row-group statistics). -#}
{% macro partition_filter(kind=none, region='region_code', date='snapshot_date', with_previous=false) %}
    {%- set scope = partition_scope(kind or config.get('snapshot_scope', 'snapshot'), with_previous) -%}
    {%- if scope.all -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set regions = scope.regions + (scope.pairs | map(attribute=0) | unique | list) -%}
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


{#- The same for province-level rows: the (province_code, snapshot_date) pairs of the regencies in scope. -#}
{% macro province_partition_filter(kind=none, province='province_code', date='snapshot_date') %}
    {%- set regions_relation = ref('regions') -%}
    {%- set scope = partition_scope(kind or config.get('snapshot_scope', 'snapshot')) -%}
    {%- if scope.all -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set scope_sql -%}
        with scope(region_code, snapshot_date) as (
            {%- for pair in scope.pairs %}
            {{ "values" if loop.first else "," }} ('{{ pair[0] }}', date '{{ pair[1] }}')
            {%- else %}
            select cast(null as varchar), cast(null as date) where false
            {%- endfor %}
        ),
        existing as (
            select distinct
                regexp_extract(file, 'region_code=([^/\\]+)', 1) as region_code,
                cast(regexp_extract(file, 'snapshot_date=([0-9-]+)', 1) as date) as snapshot_date
            from glob('{{ lake_root() }}/clean/pegawai/*/*/*.parquet')
        ),
        every_pair as (
            select * from scope
            union
            select * from existing
            where region_code in ('{{ scope.regions | join("', '") }}')
        )
        select distinct regions.province_code, strftime(every_pair.snapshot_date, '%Y-%m-%d')
        from every_pair
        inner join {{ regions_relation }} as regions
            on every_pair.region_code = regions.region_code
        order by all
    {%- endset -%}
    {%- set terms = [] -%}
    {%- for row in run_query(scope_sql).rows -%}
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
