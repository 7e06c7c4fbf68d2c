select
    unit,
    name_zh,
    name_en,
    base_unit_note
from {{ ref('units') }}
