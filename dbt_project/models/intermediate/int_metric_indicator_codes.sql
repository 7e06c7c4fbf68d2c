-- Each metric's canonical indicator: the longest curated phrasing its indicator contains
-- (地方财政一般预算收入 beats 财政收入); none found, a row without a code.
--
-- Incremental: every metric against every phrasing is the costliest join of the facts, so only
-- the metrics of reports extracted since the last build, or all of them after an edit of the
-- phrasings seed, are matched again (each report's rows are replaced as a whole).
{{ config(materialized='incremental', unique_key='report_id', incremental_strategy='delete+insert') }}

with metrics as (
    {{ rows_to_match('int_metrics_passed', ['metric_id', 'report_id', 'indicator', 'extracted_at'],
                     'indicator_phrases', 'indicator_code', 'phrase', 'phrasebook_version') }}
),

pieces as (
    -- Every substring of each indicator, looked up by equality: an indicator has a few dozen,
    -- where testing containment of every phrasing (thousands) in every metric is a
    -- cross join that grows with the phrasebook.
    select
        metric_id,
        unnest(flatten(list_transform(range(1, length(indicator) + 1),
            i -> list_transform(range(1, length(indicator) - i + 2), n -> substring(indicator, i, n))))) as piece
    from metrics
    where indicator is not null
),

matches as (
    select p.metric_id, c.indicator_code, c.phrase as matched_phrase
    from pieces as p
    join {{ ref('indicator_phrases') }} as c
        on c.phrase = p.piece
    qualify row_number() over (partition by p.metric_id order by length(c.phrase) desc, c.indicator_code) = 1
)

select
    m.metric_id,
    m.report_id,
    x.indicator_code,
    x.matched_phrase,
    m.extracted_at,
    m.phrasebook_version
from metrics as m
left join matches as x using (metric_id)
