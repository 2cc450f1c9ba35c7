{#- Root of the Parquet lake written by the Python assets: $MUTASI_DATA_DIR/lake.
    The same default (./data) as mutasi.config.data_dir(). The source YAML (models/staging/_sources.yml)
    spells the same expression, because macros are not available when YAML is rendered. -#}
{% macro lake_root() -%}
    {{ return(env_var('MUTASI_DATA_DIR', './data') ~ '/lake') }}
{%- endmacro %}

{#- A double from a Parquet file written by pandas, where a missing figure is NaN: NULL instead, so that
    SQL aggregates and comparisons treat it as missing. -#}
{% macro nan_to_null(column) -%}
    case when isnan(cast({{ column }} as double)) then null else cast({{ column }} as double) end
{%- endmacro %}
