-- Schema raw: what ingest and the crawler keep of every file and page, as read.
create schema if not exists raw;

create table if not exists raw.documents (
    content_sha256  varchar primary key,
    source_file     varchar not null,
    source_uri      varchar not null,
    size_bytes      bigint not null,
    encoding        varchar not null,
    content         blob not null,
    ingested_at     timestamp not null,
    run_id          varchar not null,
    -- How the document was read (extract.ingest.formats.read_as): text, converted, table or ocr.
    -- Documents stored before it existed were all read as text.
    read_as         varchar default 'text'
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
