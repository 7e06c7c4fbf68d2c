-- What the marts of a published run were built from, so a run with nothing new skips dbt
-- (d50ec74). Runs before it have none: the next run builds.
alter table audit.pipeline_runs add column if not exists inputs_fingerprint varchar;
