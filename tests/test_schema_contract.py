"""One schema contract: the DDL beside each stage, the numbered migrations that bring older build
databases to it, and the dbt sources that document it agree with one another."""
from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
import yaml

from extract import builddb

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "dbt_project" / "models" / "staging" / "_sources.yml"
BEFORE_MIGRATIONS = Path(__file__).with_name("fixtures") / "schema" / "before_migrations.sql"
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def fresh() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    builddb.migrate(con)
    return con


def made_with(ddl: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(ddl)
    return con


def columns(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], dict[str, tuple]]:
    """Each table's columns with their type, nullability and default. Not their order: a column
    a migration adds comes last, and every insert names its columns."""
    tables: dict[tuple[str, str], dict[str, tuple]] = {}
    for schema, table, column, *shape in con.execute(
            "select table_schema, table_name, column_name, data_type, is_nullable, column_default "
            "from information_schema.columns where table_schema in ?", [list(builddb.SCHEMA_FILES)]).fetchall():
        tables.setdefault((schema, table), {})[column] = tuple(shape)
    return tables


def constraints(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("select schema_name, table_name, constraint_type, constraint_column_names "
                       "from duckdb_constraints() where schema_name in ? order by all",
                       [list(builddb.SCHEMA_FILES)]).fetchall()


def documented() -> dict[tuple[str, str], list[dict]]:
    sources = yaml.safe_load(SOURCES.read_text(encoding="utf-8"))["sources"]
    return {(source.get("schema", source["name"]), table["name"]): table.get("columns", [])
            for source in sources for table in source["tables"]}


def bilingual(description: str) -> bool:
    return bool(LATIN.search(description) and HAN.search(description))


def test_migrations_are_numbered_one_after_another():
    assert [m.version for m in builddb.migrations()] == list(range(1, len(builddb.migrations()) + 1))


def test_a_fresh_database_is_at_the_latest_schema_with_every_migration_recorded():
    con = fresh()
    assert con.execute("select version from schema_migrations order by 1").fetchall() == \
        [(m.version,) for m in builddb.migrations()]
    assert columns(con) == columns(made_with(builddb.DDL))


@pytest.mark.parametrize("ddl", [BEFORE_MIGRATIONS.read_text(encoding="utf-8"), builddb.DDL],
                         ids=["before the first migration", "before the ledger"])
def test_an_older_database_is_migrated_to_exactly_the_fresh_schema(ddl):
    con = made_with(ddl)
    builddb.migrate(con)
    assert columns(con) == columns(fresh())
    assert constraints(con) == constraints(fresh())
    assert con.execute("select count(*) from schema_migrations").fetchone()[0] == len(builddb.migrations())


def test_migrations_run_once_and_keep_the_rows():
    con = made_with(BEFORE_MIGRATIONS.read_text(encoding="utf-8"))
    con.execute("insert into raw.documents (content_sha256, source_file, source_uri, size_bytes, encoding, "
                "content, ingested_at, run_id) values ('a', 'a.txt', 'file:a.txt', 1, 'utf-8', 'x', now(), 'r')")
    builddb.migrate(con)
    recorded = con.execute("select version, applied_at from schema_migrations order by 1").fetchall()
    builddb.migrate(con)
    assert con.execute("select version, applied_at from schema_migrations order by 1").fetchall() == recorded
    assert con.execute("select source_file, read_as from raw.documents").fetchall() == [("a.txt", "text")]


def test_every_staging_table_is_a_dbt_source():
    staging = {table for schema, table in columns(fresh()) if schema == "staging"}
    assert staging == {table for schema, table in documented() if schema == "staging"}


@pytest.mark.parametrize("table", sorted(documented()), ids=".".join)
def test_a_sources_columns_are_exactly_the_ddls(table):
    listed = [column["name"] for column in documented()[table]]
    assert len(listed) == len(set(listed)), "a column listed twice"
    ddl = set(columns(fresh())[table])
    assert {"missing from _sources.yml": ddl - set(listed), "not in the DDL": set(listed) - ddl} == \
        {"missing from _sources.yml": set(), "not in the DDL": set()}


@pytest.mark.parametrize("table", sorted(documented()), ids=".".join)
def test_every_source_column_is_described_in_english_and_chinese(table):
    assert [column["name"] for column in documented()[table] if not bilingual(column.get("description", ""))] == []


def test_every_year_the_staging_gate_admits_has_its_row_in_dim_date():
    # A report year outside dim_date failed the marts' relationship test and with it the whole
    # run (a place profile's 1949年 history read as its year): the two ranges are one.
    suite = json.loads((ROOT / "expectations" / "gx" / "expectations" / "staging_reports.json").read_text())
    bounds = {e["kwargs"]["column"]: (e["kwargs"].get("min_value"), e["kwargs"].get("max_value"))
              for e in suite["expectations"] if e["type"] == "expect_column_values_to_be_between"}
    dbt_vars = yaml.safe_load((ROOT / "dbt_project" / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
    calendar = (dbt_vars["first_year"], dbt_vars["last_year"])
    assert bounds["report_year"] == bounds["plan_year"] == calendar
