"""The documentation sites of the published warehouse, beside it: dbt's static docs site and
the GX Data Docs, in `<warehouse stem>.docs/` (`reports.docs/dbt/static_index.html`,
`reports.docs/data_docs/index.html`), so whoever has the published folder has both.

`reports.docs` is a symbolic link to a hidden folder of the run that published
(`.reports.docs.<run_id>`): a publish copies the sites into a folder of its own, then replaces
the link with one rename, so a reader opens the old sites or the new ones, never a half-copied
one. The link is relative: the published folder can be copied or moved whole.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from extract.publish.atomic import swap_in

DBT_SITE = Path("dbt") / "static_index.html"
DATA_DOCS_SITE = Path("data_docs") / "index.html"


def _link(warehouse: Path) -> Path:
    return warehouse.with_name(f"{warehouse.stem}.docs")


def _published(warehouse: Path, site: Path) -> Path | None:
    path = _link(warehouse) / site
    return path if path.is_file() else None


def dbt_docs(warehouse: Path) -> Path | None:
    """dbt's static docs site of the published warehouse, None before a publish wrote one."""
    return _published(warehouse, DBT_SITE)


def data_docs(warehouse: Path) -> Path | None:
    """The GX Data Docs index of the published warehouse, None before a publish wrote one."""
    return _published(warehouse, DATA_DOCS_SITE)


def publish_docs(warehouse: Path, run_id: str, dbt_site: Path, data_docs_site: Path) -> None:
    """Put the run's `dbt_site` (a static_index.html) and `data_docs_site` (the GX site's
    folder) beside the warehouse in place of the last publish's; a site that is missing is
    left out rather than kept from an older run, which would describe other data."""
    link = _link(warehouse)
    folder = link.with_name(f".{link.name}.{run_id}")
    shutil.rmtree(folder, ignore_errors=True)  # this run's publish, killed and retried
    folder.mkdir()
    if dbt_site.is_file():
        (folder / DBT_SITE).parent.mkdir()
        shutil.copyfile(dbt_site, folder / DBT_SITE)
    if data_docs_site.is_dir():
        # Copied, not linked: GX rewrites its pages in place on the next run.
        shutil.copytree(data_docs_site, folder / DATA_DOCS_SITE.parent)
    new_link = folder.with_name(f"{folder.name}.link")
    new_link.unlink(missing_ok=True)
    new_link.symlink_to(folder.name)
    swap_in(new_link, link)
    _remove_all_but(link, folder)


def _remove_all_but(link: Path, current: Path) -> None:
    """Earlier publishes' folders, and what a publish killed before its swap left."""
    for path in link.parent.glob(f".{link.name}.*"):
        if path == current:
            continue
        if path.is_symlink() or not path.is_dir():
            path.unlink()
        else:
            shutil.rmtree(path)
