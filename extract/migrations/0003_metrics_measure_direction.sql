-- Whether a metric is a level, a change or a ratio, and which way a change goes (eaf97c6).
alter table staging.metrics add column if not exists measure varchar;
alter table staging.metrics add column if not exists direction varchar;
