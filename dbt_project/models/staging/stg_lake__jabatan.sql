with source as (
    select * from {{ source('lake', 'jabatan') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(kode_jabatan as varchar) as position_code,
        cast(nama_jabatan as varchar) as position_name,
        cast(kode_unit as varchar) as unit_code,
        cast(nama_unit as varchar) as unit_name,
        cast(jenis_jabatan as varchar) as position_type,
        cast(jenjang as varchar) as job_level,
        cast(kelas_jabatan as integer) as position_class,
        cast(rumpun as varchar) as job_family,
        cast(pendidikan_minimal as varchar) as min_education,
        cast(jurusan_syarat as varchar) as required_majors,
        cast(target_teknis as integer) as target_technical,
        cast(target_manajerial as integer) as target_managerial,
        cast(target_sosiokultural as integer) as target_sociocultural
    from source
)

select * from renamed
