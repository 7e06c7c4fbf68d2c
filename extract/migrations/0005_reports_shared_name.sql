-- Whether a report's organisation could not be told from its namesakes (acc56e0).
alter table staging.reports add column if not exists shared_name boolean;
