"""Legacy office documents through LibreOffice in headless mode: a Word 97–2003 `.doc`, a
Kingsoft `.wps`, `.rtf` and `.odt` become a `.docx` (read as today, tables in order), an Excel
`.xls`, a Kingsoft `.et` and `.ods` become an `.xlsx` (read as a table).

Each conversion is a fresh `soffice` in the sandbox of `extract.ingest.sandbox`: its own
profile folder (a hostile file cannot leave settings, macros or a lock behind for the next
one), its own scratch folder, no network where the kernel allows it, a time limit
(`REPORTS_CONVERT_SECONDS`, 120 s by default) after which its process group is killed.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from extract import settings
from extract.ingest import sandbox
from extract.ingest.decode import UndecodableError

CONVERT_SECONDS = 120.0
# A converted file larger than this is not a report (a bomb that expands on conversion).
MAX_OUTPUT_BYTES = 64 * 1024 * 1024
# What each container is, for the reasons a person reads.
NAMES = {
    "doc": "legacy Word .doc", "wps": "WPS (Kingsoft) .wps document", "rtf": "RTF document",
    "odt": "OpenDocument .odt", "xls": "legacy Excel .xls", "et": "WPS (Kingsoft) .et spreadsheet",
    "ods": "OpenDocument .ods spreadsheet",
}


def convert(data: bytes, container: str, target: str) -> bytes:
    """`data` (a `container` file) converted by LibreOffice to `target` ('docx' or 'xlsx')."""
    what = NAMES.get(container, f".{container} file")
    soffice = sandbox.require("soffice", what, "libreoffice-writer-nogui" if target == "docx"
                              else "libreoffice-calc-nogui")
    limit = settings.positive_number("REPORTS_CONVERT_SECONDS", CONVERT_SECONDS)
    with tempfile.TemporaryDirectory(prefix="reports-soffice-") as scratch:
        root = Path(scratch)
        source = root / f"input.{container}"
        source.write_bytes(data)
        (root / "out").mkdir()
        result = sandbox.run(
            [soffice, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--invisible",
             "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--nofirststartwizard",
             "--convert-to", target, "--outdir", str(root / "out"), str(source)],
            limit=limit, scratch=root, what=f"converting the {what}", offline=True,
            env={"SAL_USE_VCLPLUGIN": "svp"})
        output = root / "out" / f"input.{target}"
        if not output.is_file():
            raise UndecodableError(f"LibreOffice could not read the {what} (truncated, corrupt or not "
                                   f"that format?): {sandbox.stderr_of(result)}")
        if output.stat().st_size > MAX_OUTPUT_BYTES:
            raise UndecodableError(f"the {what} converts to {output.stat().st_size} bytes, over the "
                                   f"{MAX_OUTPUT_BYTES}-byte cap")
        return output.read_bytes()
