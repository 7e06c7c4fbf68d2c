-- Each metric's canonical indicator: the curated phrasing its indicator ends with, as a
-- Chinese noun phrase ends with its head (规模以上企业工业增加值 is 工业增加值, not 规模以上企业),
-- or nearest the end (一般公共预算收入增长); of those ending at one place the longest
-- (地方财政一般预算收入 beats 财政收入). None found, a row without a code.
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
        unnest(flatten(list_transform(
            range(1, length(indicator) + 1),
            i -> list_transform(
                range(1, length(indicator) - i + 2),
                n -> { 'piece': substring(indicator, i, n), 'piece_end': i + n }
            )
        ))) as piece
    from metrics
    where indicator is not null
),

matches as (
    select
        p.metric_id,
        c.indicator_code,
        c.phrase as matched_phrase
    from pieces as p
    inner join {{ ref('indicator_phrases') }} as c
        on p.piece.piece = c.phrase
    qualify
        row_number() over (
            partition by p.metric_id
            order by p.piece.piece_end desc, length(c.phrase) desc, c.indicator_code asc
        ) = 1
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
