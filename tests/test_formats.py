"""Word and PDF reports: made from a seed with real writers (python-docx, reportlab), read
back the way ingest and extraction read them, and compared with the seed's own text. Legacy
office formats, spreadsheets and OCR: tests/test_office_ocr.py."""
import io
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import duckdb
import pytest

from extract.document import read_report
from extract.ingest.decode import UndecodableError
from extract.ingest.formats import document_text, file_text, identify
from extract.scoring import scorer

from conftest import GOLD, SEEDS, run_cli

SEED = SEEDS / "003_431919a2a8b41946.txt"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
# A PDF line of a narrow A4 column: wrapping cuts words and numbers, as real PDFs do.
PDF_LINE_CHARS = 38


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


def make_docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "附表", "说明"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(lines: list[str], with_text: bool = True) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # built into reportlab: no font file
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    y = 800
    for line in lines:
        for piece in textwrap.wrap(line, PDF_LINE_CHARS) or [""]:
            if y < 40:
                page.showPage()
                y = 800
            if with_text:
                page.setFont("STSong-Light", 10)
                page.drawString(30, y, piece)
            else:  # a scanned page: marks, no text layer
                page.rect(30, y, 400, 8, fill=1)
            y -= 14
    page.save()
    return buffer.getvalue()


def encrypted(data: bytes) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def soffice_convert(source: Path, target: str, outdir: Path) -> Path:
    """`source` saved by LibreOffice as `target` (doc, rtf, odt, xls …) in `outdir`."""
    profile = outdir / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", target, "--outdir", str(outdir), str(source)],
                   check=True, capture_output=True, timeout=120)
    return outdir / f"{source.stem}.{target}"


def table_rows(seed: Path = SEED) -> list[tuple[str, str, float, str, dict]]:
    """The seed's gold metrics written as plain figures (9941.92万元, 104个): an indicator
    table of the report, (indicator, scope, figure, unit, gold)."""
    rows = []
    for metric in scorer.load_gold(str(GOLD))[seed.name]["metrics"]:
        match = re.fullmatch(r"(\d+(?:\.\d+)?)([^\d\s余多以上]{1,3})", metric["raw_text"])
        # An indicator holding a figure of its own (引入1000万元以上项目) is two metrics: left out.
        if match and not metric["is_masked"] and metric["indicator"] and not re.search(r"\d", metric["indicator"]):
            rows.append((metric["indicator"], metric["scope"] or "", float(match.group(1)), match.group(2), metric))
    return rows


def make_xlsx(rows) -> bytes:
    """An indicator table as governments publish them: a title, a header row, one row per figure."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    sheet.append(["百花洲街道2021年主要指标完成情况"])
    sheet.append(["序号", "指标", "单位", "数值", "备注"])
    for number, (indicator, _, figure, unit, _) in enumerate(rows, 1):
        sheet.append([number, indicator, unit, int(figure) if figure.is_integer() else figure, None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_png(lines: list[str]) -> bytes:
    """A photographed page: the lines drawn with the WenQuanYi face, no text anywhere but pixels."""
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (1500, 80 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(page)
    for row, line in enumerate(lines):
        draw.text((40, 40 + row * 70), line, font=ImageFont.truetype(str(FONT), 44), fill=0)
    buffer = io.BytesIO()
    page.save(buffer, format="PNG")
    return buffer.getvalue()


def metrics_of(text: str) -> list[tuple]:
    return [(m.value, m.unit, m.is_masked) for m in read_report(text).metrics]


@pytest.mark.parametrize("suffix, make", [(".docx", make_docx), (".pdf", make_pdf)])
def test_word_and_pdf_copies_of_a_report_yield_the_seed_metrics(tmp_path, suffix, make):
    path = tmp_path / f"report{suffix}"
    path.write_bytes(make(seed_lines()))
    assert identify(path.name, path.read_bytes()) == suffix[1:]
    assert metrics_of(file_text(path)) == metrics_of(SEED.read_text(encoding="utf-8"))


def test_docx_tables_are_read_in_document_order():
    text = document_text(make_docx(["第一段。"]), "docx")
    assert text.splitlines() == ["第一段。", "附表 说明"]


# Named by file: the PDFs carry their creation time, and test ids must be the same in every
# worker of a parallel run.
UNREADABLE = [
    ("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "^truncated legacy Word .doc: 72 bytes"),
    ("truncated.docx", make_docx(["第一段。"])[:200], "not a readable .docx"),
    ("truncated.pdf", make_pdf(["全年新建公园3个。"])[:300], "not a readable PDF"),
    ("scan.pdf", make_pdf(["全年新建公园3个。"], with_text=False), "no text layer"),
    ("locked.pdf", encrypted(make_pdf(["全年新建公园3个。"])), "^encrypted PDF: ask the publisher"),
    ("empty.pdf", b"", "empty file"),
    ("book.djvu", b"AT&TFORM", "unsupported file type '.djvu'"),
]


@pytest.mark.parametrize("name, data, reason", UNREADABLE, ids=[name for name, _, _ in UNREADABLE])
def test_unreadable_documents_say_why(name, data, reason):
    with pytest.raises(UndecodableError, match=reason):
        identify(name, data)


@pytest.mark.integration
def test_every_format_reaches_the_marts_and_bad_files_are_quarantined(tmp_path):
    """Every format through the whole pipeline, each report's metrics carrying how its text was
    read. Legacy Word needs LibreOffice and the page image Tesseract: without them (a machine
    with Python only) they are quarantined with the package to install, and the rest goes on."""
    has_soffice = shutil.which("soffice") is not None
    has_ocr = shutil.which("tesseract") is not None and FONT.exists()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEEDS / "002_444c352ad45b9e4f.txt", inbox / "utf8.txt")
    text = (SEEDS / "000_6349d843e22b4367.txt").read_text(encoding="utf-8")
    (inbox / "gbk.txt").write_bytes(text.encode("gb18030"))
    (inbox / "utf16.txt").write_bytes((SEEDS / "001_3435210884f214c4.txt").read_text(encoding="utf-8").encode("utf-16"))
    (inbox / "report.docx").write_bytes(make_docx(seed_lines()))
    (inbox / "report.pdf").write_bytes(make_pdf((SEEDS / "004_4039d9b6a9b4d1ef.txt").read_text(
        encoding="utf-8").splitlines()))
    (inbox / "scan.pdf").write_bytes(make_pdf(["全年新建公园3个。"], with_text=False))
    (inbox / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    (inbox / "table.xlsx").write_bytes(make_xlsx(table_rows()))
    if has_soffice:
        docx = tmp_path / "report.docx"
        docx.write_bytes(make_docx((SEEDS / "002_444c352ad45b9e4f.txt").read_text(encoding="utf-8").splitlines()))
        doc = soffice_convert(docx, "doc", tmp_path)
        shutil.copy(doc, inbox / "report.doc")
        (inbox / "cut.doc").write_bytes(doc.read_bytes()[:9000])
    if has_ocr:
        (inbox / "page.png").write_bytes(make_png(["全年新建公园3个，改造老旧小区12个。", "帮助1187人就业，开展招聘会8场。"]))
    warehouse = tmp_path / "wh" / "reports.duckdb"
    done = run_cli("run", "--inbox", str(inbox), "--warehouse", str(warehouse))
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(warehouse), read_only=True) as con:
        reports = dict(con.execute("select source_file, n_metrics from marts.dim_report").fetchall())
        quarantined = dict(con.execute("select source_file, reason from audit.quarantine").fetchall())
        readings = dict(con.execute(
            "select r.source_file, list(distinct m.read_as) from marts.fct_metric m "
            "join marts.dim_report r using (report_id) group by 1").fetchall())
    expected = {"utf8.txt": "text", "gbk.txt": "text", "utf16.txt": "text", "report.docx": "text",
                "report.pdf": "text", "table.xlsx": "table",
                **({"report.doc": "converted"} if has_soffice else {}), **({"page.png": "ocr"} if has_ocr else {})}
    assert set(reports) == set(expected)
    assert all(n > 10 for name, n in reports.items() if name != "page.png"), reports
    assert readings == {name: [how] for name, how in expected.items()}
    assert set(quarantined) == {"scan.pdf", "old.doc"} | ({"cut.doc"} if has_soffice else set())
    assert "no text layer" in quarantined["scan.pdf"] and "legacy Word .doc" in quarantined["old.doc"]
    if has_soffice:
        assert quarantined["cut.doc"].startswith("LibreOffice could not read the legacy Word .doc"), quarantined
    if has_ocr:
        assert reports["page.png"] == 4, reports
    with duckdb.connect(str(tmp_path / "wh" / ".reports.build" / "build.duckdb"), read_only=True) as con:
        stored = dict(con.execute("select source_file, read_as from raw.documents").fetchall())
    assert stored == expected
