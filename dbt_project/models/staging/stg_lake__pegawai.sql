with source as (
    select * from {{ source('lake', 'pegawai') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(nip as varchar) as nip,
        cast(nama as varchar) as name,
        cast(tanggal_lahir as date) as birth_date,
        cast(jenis_kelamin as varchar) as gender,
        cast(status_kepegawaian as varchar) as employment_status,
        cast(golongan as varchar) as golongan,
        cast(tmt_cpns as date) as cpns_date,
        cast(pendidikan_tingkat as varchar) as education_level,
        cast(pendidikan_jurusan as varchar) as education_major,
        cast(kode_jabatan as varchar) as position_code,
        cast(tmt_jabatan as date) as position_start_date
    from source
)

select * from renamed
