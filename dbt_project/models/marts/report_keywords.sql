-- Ten keywords per report by TF-IDF, the IDF taken over every report in the warehouse (so a
-- word all reports use ranks low however often it appears). Smoothed as scikit-learn does:
-- idf = ln((1 + N) / (1 + df)) + 1.
with corpus as (
    select count(*) as n_reports from {{ ref('int_reports_passed') }}
),

terms as (
    select
        t.report_id,
        t.term,
        t.n
    from {{ ref('stg_terms') }} as t
    semi join {{ ref('int_reports_passed') }} using (report_id)
),

-- Grouped rather than windowed: a window partitioned by term sorts every term of every report.
document_frequency as (
    select
        term,
        count(*) as df
    from terms
    group by term
),

report_length as (
    select
        report_id,
        sum(n) as n_terms
    from terms
    group by report_id
),

scored as (
    select
        t.report_id,
        t.term,
        t.n,
        t.n / l.n_terms * (ln((1 + c.n_reports) / (1 + f.df)) + 1) as tfidf
    from terms as t
    inner join document_frequency as f on t.term = f.term
    inner join report_length as l on t.report_id = l.report_id
    cross join corpus as c
)

select
    report_id,
    term,
    n,
    round(tfidf, 6) as tfidf,
    row_number() over (partition by report_id order by tfidf desc, n desc, term asc) as keyword_rank
from scored
qualify keyword_rank <= 10
