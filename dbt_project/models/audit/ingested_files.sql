{{ config(
    snapshot_scope='snapshot',
    params_check=false,
) }}

-- audit.ingested_files: the validation audit table of the lake, queryable in the warehouse (SPEC 5), every
-- delivery kept, `is_current_delivery` marking the one in use (macros/audit.sql).
-- depends_on: {{ ref('snapshot_status') }}

{{ audit_with_current_delivery(ref('stg_lake__ingested_files')) }}
