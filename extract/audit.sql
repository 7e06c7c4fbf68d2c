-- Schema audit: what each run did and what it kept out. Published with the marts
-- (extract.publish.atomic), so a table here is a table analysts see.
create schema if not exists audit;

create table if not exists audit.pipeline_runs (
    run_id              varchar primary key,
    trigger             varchar not null,
    started_at          timestamp not null,
    finished_at         timestamp,
    status              varchar not null,
    files_seen          integer default 0,
    ingested            integer default 0,
    extracted           integer default 0,
    loaded              integer default 0,
    quarantined         integer default 0,
    metrics             integer default 0,
    error               varchar,
    -- What the marts of a published run were built from (extract.publish.freshness).
    inputs_fingerprint  varchar
);

-- One row per stage of a run: when it ran, how it ended and what it counted, so an operator
-- sees where a long run spends its time.
create table if not exists audit.stage_runs (
    run_id       varchar not null,
    stage        varchar not null,
    started_at   timestamp not null,
    finished_at  timestamp not null,
    status       varchar not null,
    counts       json,
    primary key (run_id, stage)
);

-- A file or report kept out of the warehouse, and why. Keyed so that re-running on the
-- same bad input updates one row instead of piling up copies.
create table if not exists audit.quarantine (
    source_file          varchar not null,
    content_sha256       varchar not null,
    stage                varchar not null,
    reason               varchar not null,
    failed_expectations  varchar[] not null,
    first_run_id         varchar not null,
    last_run_id          varchar not null,
    first_seen_at        timestamp not null,
    last_seen_at         timestamp not null,
    primary key (source_file, content_sha256, stage)
);
