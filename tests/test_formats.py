"""Word and PDF reports: made from a seed with real writers (python-docx, reportlab), read
back the way ingest and extraction read them, and compared with the seed's own text."""
import io
import shutil
import textwrap

import duckdb
import pytest

from conftest import SEEDS, run_cli
from extract.clean import clean_document
from extract.ingest.decode import UndecodableError
from extract.ingest.formats import document_text, file_text, identify
from extract.parse import parse_report

SEED = SEEDS / "003_431919a2a8b41946.txt"
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


def metrics_of(text: str) -> list[tuple]:
    return [(m.value, m.unit, m.is_masked) for m in parse_report(clean_document(text)).metrics]


@pytest.mark.parametrize("suffix, make", [(".docx", make_docx), (".pdf", make_pdf)])
def test_word_and_pdf_copies_of_a_report_yield_the_seed_metrics(tmp_path, suffix, make):
    path = tmp_path / f"report{suffix}"
    path.write_bytes(make(seed_lines()))
    assert identify(path.name, path.read_bytes()) == suffix[1:]
    assert metrics_of(file_text(path)) == metrics_of(SEED.read_text(encoding="utf-8"))


def test_docx_tables_are_read_in_document_order():
    text = document_text(make_docx(["第一段。"]), "docx")
    assert text.splitlines() == ["第一段。", "附表 说明"]


@pytest.mark.parametrize("name, data, reason", [
    ("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "legacy Word .doc is not supported"),
    ("truncated.docx", make_docx(["第一段。"])[:200], "not a readable .docx"),
    ("truncated.pdf", make_pdf(["全年新建公园3个。"])[:300], "not a readable PDF"),
    ("scan.pdf", make_pdf(["全年新建公园3个。"], with_text=False), "no text layer"),
    ("locked.pdf", encrypted(make_pdf(["全年新建公园3个。"])), "^encrypted PDF: ask the publisher"),
    ("empty.pdf", b"", "empty file"),
    ("notes.rtf", b"{\\rtf1 hello}", "RTF is not supported"),
    ("photo.jpg", b"\xff\xd8\xff\xe0", "unsupported file type '.jpg'"),
])
def test_unreadable_documents_say_why(name, data, reason):
    with pytest.raises(UndecodableError, match=reason):
        identify(name, data)


def test_every_format_reaches_the_marts_and_bad_files_are_quarantined(tmp_path):
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
    warehouse = tmp_path / "wh" / "reports.duckdb"
    done = run_cli("run", "--inbox", str(inbox), "--warehouse", str(warehouse))
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(warehouse), read_only=True) as con:
        reports = dict(con.execute("select source_file, n_metrics from marts.dim_report").fetchall())
        quarantined = dict(con.execute("select source_file, reason from audit.quarantine").fetchall())
    assert set(reports) == {"utf8.txt", "gbk.txt", "utf16.txt", "report.docx", "report.pdf"}
    assert all(n > 10 for n in reports.values()), reports
    assert set(quarantined) == {"scan.pdf", "old.doc"}
    assert "no text layer" in quarantined["scan.pdf"] and ".docx" in quarantined["old.doc"]
