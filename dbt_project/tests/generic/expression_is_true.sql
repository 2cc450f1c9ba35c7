{#- Every row satisfies `expression` (a SQL predicate over the model's columns); the failing rows are returned. -#}
{% test expression_is_true(model, expression) %}

select *
from (select * from {{ model }}) as checked
where not ({{ expression }})

{% endtest %}
