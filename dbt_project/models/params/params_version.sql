{#- One row: the version of the parameter seeds every mart records as `params_version`.
    Recipe (reproducible outside dbt, e.g. by the Python optimiser reading the same CSV files):
      for every seed file under seeds/params/, sorted by file name without `.csv`:
          line = "<name>:" + sha256(utf-8 text of the file with leading/trailing whitespace stripped)
      params_version = first 12 hex digits of md5("\n".join(lines))
    dbt already holds that sha256 of each seed file as the seed node's checksum. -#}

-- Lineage only, so that the version is rebuilt whenever one of these seeds changes:
-- depends_on: {{ ref('parameters') }}, {{ ref('grade_bands') }}, {{ ref('gap_weights') }}, {{ ref('profile_factors') }}
-- depends_on: {{ ref('education_levels') }}, {{ ref('ipasn_categories') }}, {{ ref('ipasn_training_scores') }}
-- depends_on: {{ ref('ipasn_performance_scores') }}, {{ ref('ipasn_discipline_scores') }}, {{ ref('retirement_ages') }}
-- depends_on: {{ ref('talent_boxes') }}, {{ ref('related_job_families') }}, {{ ref('scorecard_weights') }}

{%- set lines = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        | selectattr('resource_type', 'equalto', 'seed')
        | selectattr('package_name', 'equalto', project_name)
        | sort(attribute='name') -%}
        {%- if node.original_file_path.replace('\\', '/').startswith('seeds/params/') -%}
            {%- do lines.append(node.name ~ ':' ~ node.checksum.checksum) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}

select
    '{{ local_md5(lines | join("\n"))[:12] }}' as params_version,
    {{ lines | length }} as parameter_seed_count,
    '{{ lines | join(";") }}' as parameter_seed_checksums
