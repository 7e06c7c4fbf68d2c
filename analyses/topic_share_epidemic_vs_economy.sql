-- How much of each report is about 疫情防控 and how much about 经济发展 (share of its text).
select
    r.org_name,
    r.report_year,
    round(coalesce(max(t.share) filter (where t.topic_code = 'epidemic_control'), 0), 3) as epidemic_control,
    round(coalesce(max(t.share) filter (where t.topic_code = 'economic_development'), 0), 3) as economic_development
from marts.dim_report as r
left join marts.report_topics as t using (report_id)
group by r.report_id, r.org_name, r.report_year
order by epidemic_control desc;
