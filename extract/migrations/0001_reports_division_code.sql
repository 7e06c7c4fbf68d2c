-- The administrative-division code of each report and whether the places it states disagree
-- (5a3a4c4). Reports extracted before have none until they are extracted again.
alter table staging.reports add column if not exists division_code varchar;
alter table staging.reports add column if not exists place_conflict boolean;
