"""The build database: raw documents, staging tables and the audit trail, in one DuckDB file.

Only the pipeline writes it; analysts never open it. dbt builds the marts inside it and
`extract.publish` copies them out to the published warehouse.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

DDL = """
create schema if not exists raw;
create schema if not exists staging;
create schema if not exists audit;

create table if not exists raw.documents (
    content_sha256  varchar primary key,
    source_file     varchar not null,
    source_uri      varchar not null,
    size_bytes      bigint not null,
    encoding        varchar not null,
    content         blob not null,
    ingested_at     timestamp not null,
    run_id          varchar not null
);

-- One row per inbox path: lets a re-run skip files whose size and mtime have not changed.
create table if not exists raw.inbox_files (
    path            varchar primary key,
    size_bytes      bigint not null,
    mtime_ns        bigint not null,
    content_sha256  varchar,
    status          varchar not null,
    seen_at         timestamp not null,
    run_id          varchar not null
);

-- One row per URL the crawler asked for: conditional GETs and re-runs start from here.
create table if not exists raw.fetch_log (
    url             varchar primary key,
    site            varchar not null,
    kind            varchar not null,
    status          varchar not null,
    http_status     integer,
    etag            varchar,
    last_modified   varchar,
    content_sha256  varchar,
    links           varchar[],
    error           varchar,
    attempts        integer not null,
    fetched_at      timestamp not null,
    run_id          varchar not null
);

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
    context         varchar
);

-- Build databases made before these columns existed get them (extraction re-runs fill them).
alter table staging.reports add column if not exists division_code varchar;
alter table staging.reports add column if not exists place_conflict boolean;
alter table staging.reports add column if not exists shared_name boolean;
alter table staging.metrics add column if not exists measure varchar;
alter table staging.metrics add column if not exists direction varchar;
-- How a document was read (extract.ingest.formats.read_as): text, converted, table or ocr.
-- Documents stored before it existed were all read as text.
alter table raw.documents add column if not exists read_as varchar default 'text';

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

create table if not exists audit.pipeline_runs (
    run_id        varchar primary key,
    trigger       varchar not null,
    started_at    timestamp not null,
    finished_at   timestamp,
    status        varchar not null,
    files_seen    integer default 0,
    ingested      integer default 0,
    extracted     integer default 0,
    loaded        integer default 0,
    quarantined   integer default 0,
    metrics       integer default 0,
    error         varchar
);

-- What the marts of a published run were built from (extract.publish.freshness).
alter table audit.pipeline_runs add column if not exists inputs_fingerprint varchar;

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
"""

STAGING_TABLES = ("reports", "sections", "metrics", "terms")


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    # The same bound as dbt's profile: DuckDB would otherwise take 80% of RAM for its caches.
    # A setting, not a connect option: dbt's connection to the same file, open in this
    # process, must see the same configuration.
    con.execute("set memory_limit = ?", [os.environ.get("REPORTS_DUCKDB_MEMORY_LIMIT", "512MB")])
    con.execute(DDL)
    return con


@contextmanager
def session(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open, yield and always close: dbt opens the same file in-process after us."""
    con = connect(path, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing, also under SIGKILL: DuckDB's WAL replays only committed transactions."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
