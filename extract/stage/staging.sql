-- Schema staging: the rows extraction made of each report, and the staging gate's verdicts.
-- dbt reads these tables as sources (dbt_project/models/staging/_sources.yml documents them).
create schema if not exists staging;

create table if not exists staging.reports (
    report_id          varchar not null,
    content_sha256     varchar not null,
    source_file        varchar not null,
    title              varchar,
    org_name           varchar,
    org_level          varchar,
    district           varchar,
    city               varchar,
    province           varchar,
    report_year        integer,
    plan_year          integer,
    published_date     date,
    doc_type           varchar,
    division_code      varchar,
    place_conflict     boolean,
    shared_name        boolean,
    cleaned_text       varchar not null,
    extractor_version  varchar not null,
    run_id             varchar not null,
    extracted_at       timestamp not null
);

create table if not exists staging.sections (
    report_id        varchar not null,
    section_ordinal  integer not null,
    level            integer not null,
    heading          varchar not null,
    section_path     varchar not null,
    part             varchar not null,
    char_start       integer not null,
    char_end         integer not null
);

-- measure and direction last: the column order of build databases made before they existed.
create table if not exists staging.metrics (
    metric_id       varchar not null,
    report_id       varchar not null,
    metric_ordinal  integer not null,
    raw_text        varchar,
    value           double,
    unit            varchar,
    classifier      varchar,
    qualifier       varchar,
    indicator       varchar,
    period_type     varchar,
    scope           varchar,
    is_masked       boolean,
    section_path    varchar,
    char_start      integer,
    char_end        integer,
    context         varchar,
    measure         varchar,
    direction       varchar
);

-- Content words of each report and their counts (jieba), for TF-IDF keywords in dbt.
create table if not exists staging.terms (
    report_id  varchar not null,
    term       varchar not null,
    n          integer not null
);

-- Verdict of the staging gate for one extraction of a report; dbt only reads passed ones.
create table if not exists staging.report_gate (
    report_id            varchar primary key,
    extractor_version    varchar not null,
    passed               boolean not null,
    failed_expectations  varchar[] not null,
    run_id               varchar not null,
    checked_at           timestamp not null
);
