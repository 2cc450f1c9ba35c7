{#- Root of the Parquet lake written by the Python assets: $MUTASI_DATA_DIR/lake.
    The same default (./data) as mutasi.config.data_dir(). The source YAML (models/staging/_sources.yml)
    spells the same expression, because macros are not available when YAML is rendered. -#}
{% macro lake_root() -%}
    {{ return(env_var('MUTASI_DATA_DIR', './data') ~ '/lake') }}
{%- endmacro %}
