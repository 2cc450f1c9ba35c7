-- EJ, workload and required staff are never negative (positions and units).
select
    'position' as level,
    region_code,
    snapshot_date,
    position_code as code,
    effectiveness,
    workload_minutes
from {{ ref('position_workload') }}
where effectiveness < 0 or workload_minutes < 0 or required_staff < 0 or required_headcount < 0
union all
select
    'unit',
    region_code,
    snapshot_date,
    unit_code,
    effectiveness,
    workload_minutes
from {{ ref('unit_workload') }}
where effectiveness < 0 or workload_minutes < 0 or required_staff < 0 or required_headcount < 0
