with source as (
    select * from {{ source('lake', 'preferensi_mutasi') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(nip as varchar) as nip,
        -- bersedia_mutasi is `ya`/`tidak` (validated); cast to a boolean.
        case lower(cast(bersedia_mutasi as varchar)) when 'ya' then true when 'tidak' then false end as willing_to_move,
        cast(unit_diminati as varchar) as preferred_unit_codes
    from source
)

select * from renamed
