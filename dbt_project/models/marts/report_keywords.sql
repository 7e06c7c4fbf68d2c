-- Ten keywords per report by TF-IDF, the IDF taken over every report in the warehouse (so a
-- word all reports use ranks low however often it appears). Smoothed as scikit-learn does:
-- idf = ln((1 + N) / (1 + df)) + 1.
with corpus as (
    select count(*) as n_reports from {{ ref('int_reports_passed') }}
),
terms as (
    select t.report_id, t.term, t.n
    from {{ ref('stg_terms') }} as t
    semi join {{ ref('int_reports_passed') }} using (report_id)
),
-- Grouped rather than windowed: a window partitioned by term sorts every term of every report.
document_frequency as (
    select term, count(*) as df from terms group by term
),
report_length as (
    select report_id, sum(n) as n_terms from terms group by report_id
),
scored as (
    select report_id, term, n, n / n_terms * (ln((1 + corpus.n_reports) / (1 + df)) + 1) as tfidf
    from terms
    join document_frequency using (term)
    join report_length using (report_id)
    cross join corpus
)
select
    report_id,
    term,
    n,
    round(tfidf, 6) as tfidf,
    row_number() over (partition by report_id order by tfidf desc, n desc, term) as keyword_rank
from scored
qualify keyword_rank <= 10
