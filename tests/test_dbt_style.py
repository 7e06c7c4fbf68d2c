"""The dbt project keeps the shape of the dbt style guide: staging as `source → renamed`, explicit
columns above it, one documented macro per file, every model column documented in English and
Chinese, and the documented columns exactly the built ones."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
import yaml

from conftest import copy_build

PROJECT = Path(__file__).resolve().parent.parent / "dbt_project"
MODELS = PROJECT / "models"
MACROS = PROJECT / "macros"
SCHEMA_OF_FOLDER = {"staging": "stg", "intermediate": "intermediate", "marts": "marts"}
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def bilingual(description: str | None) -> bool:
    return bool(description and LATIN.search(description) and HAN.search(description))


def documented_models() -> dict[str, dict]:
    models = {}
    for path in MODELS.glob("*/_*.yml"):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            models[model["name"]] = {**model, "folder": path.parent.name}
    return models


def sql_of(folder: str) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in (MODELS / folder).glob("*.sql")}


def test_every_model_is_documented_with_every_column_in_english_and_chinese():
    models = documented_models()
    built = {path.stem for path in MODELS.glob("*/*.sql")}
    assert sorted(built - set(models)) == []
    undescribed = [f"{name}.{column['name']}" for name, model in models.items()
                   for column in model.get("columns", []) if not bilingual(column.get("description"))]
    assert undescribed == []
    assert [name for name, model in models.items() if not bilingual(model.get("description"))] == []


@pytest.mark.integration
def test_the_documented_columns_are_exactly_the_built_ones(modelled, tmp_path):
    settings, _ = copy_build(modelled, tmp_path)
    with duckdb.connect(str(settings.build_db), read_only=True) as con:
        built = {}
        for schema, table, column in con.execute(
                "select table_schema, table_name, column_name from information_schema.columns "
                "where table_schema in ('stg', 'intermediate', 'marts') order by ordinal_position").fetchall():
            built.setdefault((schema, table), []).append(column)
    for name, model in documented_models().items():
        columns = [column["name"] for column in model.get("columns", [])]
        assert columns == built[(SCHEMA_OF_FOLDER[model["folder"]], name)], name


def test_staging_models_select_from_their_source_then_rename():
    shape = re.compile(r"with\s+source as \(\s*select \* from \{\{ source\('\w+', '\w+'\) \}\}\s*\),\s*"
                       r"renamed as \(\s*select\b.*\bfrom source\s*\)\s*select \* from renamed\s*$", re.S)
    models = sql_of("staging")
    assert models and [name for name, sql in models.items() if not shape.search(sql)] == []


def test_intermediate_and_marts_models_list_their_columns():
    star = re.compile(r"select\s+(\w+\.)?\*|\b\w+\.\*|\*\s+exclude", re.I)
    found = [name for folder in ("intermediate", "marts") for name, sql in sql_of(folder).items()
             if star.search(re.sub(r"--.*", "", sql))]
    assert found == []


def test_one_macro_per_file_named_after_it_and_documented():
    documented = {macro["name"]: macro
                  for macro in yaml.safe_load((MACROS / "_macros.yml").read_text(encoding="utf-8"))["macros"]}
    for path in MACROS.glob("*.sql"):
        text = path.read_text(encoding="utf-8")
        defined = re.findall(r"\{%-?\s*macro (\w+)\(", text) + \
            ["test_" + name for name in re.findall(r"\{%-?\s*test (\w+)\(", text)]
        assert defined == [path.stem], path.name
        assert bilingual(documented.get(path.stem, {}).get("description")), path.stem
