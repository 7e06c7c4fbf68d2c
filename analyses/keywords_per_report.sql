-- What each report is about, in its own words: the TF-IDF keywords.
select
    r.org_name,
    r.report_year,
    string_agg(k.term, ' ' order by k.keyword_rank) as keywords
from marts.report_keywords as k
join marts.dim_report as r using (report_id)
group by r.report_id, r.org_name, r.report_year
order by r.org_name;
