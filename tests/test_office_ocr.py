"""Legacy office files, spreadsheets, scanned PDFs and page images, made from the seeds with real
writers (python-docx, LibreOffice, openpyxl, Pillow with the WenQuanYi font) and read back the
way ingest and extraction read them.

Office copies must give the very metrics of the seed's .txt; OCR must find ≥ 95 % of the seed's
gold metrics with ≥ 95 % precision (the official scorer's matching); hostile files are
quarantined within their limits and the run goes on. Tests that need LibreOffice, Tesseract or
the font skip with the Debian package to install; CI (.ci/run) installs them, so they run there.

Every conversion and OCR here is real: the module reads with its own empty cache of converted
texts, shared by its tests, so a file is converted or OCR'd once however many tests read it.
"""
import io
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from test_formats import FONT, make_docx, make_png, make_xlsx, metrics_of, soffice_convert, table_rows

from extract import builddb
from extract.document import read_report
from extract.ingest.decode import UndecodableError
from extract.ingest.formats import document_text, file_text, identify, read_as
from extract.ingest.inbox import Rejection, document_from_bytes, ingest_inbox
from extract.ingest.ocr_repair import repair
from extract.ingest.tables import Cell, number_text, rows_text
from extract.scoring import score_parsed, scorer

from conftest import GOLD, SEEDS

OFFICE_SEED = SEEDS / "003_431919a2a8b41946.txt"
PDF_SEED = SEEDS / "003_431919a2a8b41946.txt"
IMAGE_SEED = SEEDS / "002_444c352ad45b9e4f.txt"
# An OLE compound file's signature on a file of a plausible size (not a truncated stub).
OLE_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096


def _tesseract_reads_chinese() -> bool:
    if shutil.which("tesseract") is None:
        return False
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return "chi_sim" in (listed.stdout + listed.stderr).split()


needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui")
needs_ocr = pytest.mark.skipif(
    not _tesseract_reads_chinese() or shutil.which("pdftoppm") is None or not FONT.exists(),
    reason="OCR tests need Tesseract with its Chinese model, pdftoppm and a Chinese font: "
           "apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils fonts-wqy-microhei")


@pytest.fixture(scope="module", autouse=True)
def private_conversion_cache(tmp_path_factory):
    """Converted and OCR'd texts are cached by content: this module starts from an empty cache,
    so what it measures is the conversion, not a text a previous session kept."""
    before = os.environ.get("REPORTS_CACHE_DIR")
    os.environ["REPORTS_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ["REPORTS_CACHE_DIR"]
    else:
        os.environ["REPORTS_CACHE_DIR"] = before


@pytest.fixture(scope="module")
def office_copies(tmp_path_factory) -> dict[str, Path]:
    """The seed as a .docx (python-docx), then saved by LibreOffice as .doc, .rtf and .odt."""
    folder = tmp_path_factory.mktemp("office")
    source = folder / "report.docx"
    source.write_bytes(make_docx(OFFICE_SEED.read_text(encoding="utf-8").splitlines()))
    copies = {target: soffice_convert(source, target, folder) for target in ("doc", "rtf", "odt")}
    # LibreOffice cannot write Kingsoft's own format: WPS Writer's .wps (WPS 2005 on) is Word 97's
    # binary format in an OLE container, which is what LibreOffice writes when asked for "wps".
    copies["wps"] = folder / "report.wps"
    shutil.copy(copies["doc"], copies["wps"])
    return copies


# ---------------------------------------------------------------- legacy office formats

@pytest.mark.integration
@needs_soffice
@pytest.mark.parametrize("container", ["doc", "wps", "rtf", "odt"])
def test_legacy_office_copies_of_a_report_yield_the_seed_metrics(office_copies, container):
    path = office_copies[container]
    started = time.monotonic()
    assert identify(path.name, path.read_bytes()) == container
    seconds = time.monotonic() - started
    assert read_as(container) == "converted"
    assert metrics_of(file_text(path)) == metrics_of(OFFICE_SEED.read_text(encoding="utf-8"))
    print(f"{container}: converted in {seconds:.2f} s")


def test_a_file_under_the_wrong_suffix_is_read_as_what_it_is():
    docx = make_docx(["全年新建公园3个。"])
    assert identify("saved_as.doc", docx) == "docx"  # a .docx saved under .doc needs no LibreOffice
    assert identify("saved_as.wps", docx) == "docx"


@pytest.mark.integration
@needs_soffice
def test_a_truncated_doc_is_quarantined_with_libreoffice_s_reason(office_copies):
    data = office_copies["doc"].read_bytes()[:9000]
    outcome = document_from_bytes("cut.doc", "cut.doc", data)
    assert isinstance(outcome, Rejection)
    assert outcome.reason.startswith("LibreOffice could not read the legacy Word .doc (truncated"), outcome.reason


def _fake_soffice(folder: Path) -> Path:
    """A converter that never finishes and leaves a child behind: what a hostile file does to a
    real one. It writes its child's pid so the test can see the whole group was killed."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {folder / 'child.pid'}\nsleep 300\n")
    script.chmod(0o755)
    return bin_dir


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead but not yet reaped by its parent (init, here).
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\nState:\tZ" in status.read_text())


@pytest.mark.integration
def test_a_conversion_that_never_ends_is_killed_at_its_limit_and_the_run_goes_on(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", f"{_fake_soffice(tmp_path)}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("REPORTS_CONVERT_SECONDS", "1")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "hang.doc").write_bytes(OLE_FILE)
    shutil.copy(SEEDS / "000_6349d843e22b4367.txt", inbox / "good.txt")
    con = builddb.connect(tmp_path / "build.duckdb")
    started = time.monotonic()
    counts = ingest_inbox(con, inbox, 1 << 20, "run-1")
    assert time.monotonic() - started < 10
    assert counts == {"files_seen": 2, "ingested": 1, "quarantined": 1}
    reason, = con.execute("select reason from audit.quarantine where source_file = 'hang.doc'").fetchone()
    assert "did not finish within 1 s" in reason, reason
    assert con.execute("select source_file, read_as from raw.documents").fetchall() == [("good.txt", "text")]
    con.close()
    child = int((tmp_path / "child.pid").read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child), "the converter's child outlived the time limit"


@pytest.mark.integration
@needs_soffice
def test_real_libreoffice_is_stopped_at_a_tiny_limit_with_nothing_left_running(office_copies, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTS_CONVERT_SECONDS", "0.3")
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the conversion's scratch folder, to look for
    monkeypatch.setattr("tempfile.tempdir", None)
    with pytest.raises(UndecodableError, match=r"soffice did not finish within 0.3 s"):
        identify("slow.doc", office_copies["doc"].read_bytes() + b"\0")  # not a cached text
    time.sleep(0.2)
    leftovers = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(tmp_path).encode() in cmdline.read_bytes():
                leftovers.append(cmdline.parent.name)
        except OSError:
            pass
    assert leftovers == []


def test_missing_programs_are_named_with_their_debian_packages(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on it
    cases = {
        "old.doc": (OLE_FILE, "apt-get install libreoffice-writer-nogui"),
        "old.wps": (OLE_FILE, "apt-get install libreoffice-writer-nogui"),
        "table.xls": (OLE_FILE, "apt-get install libreoffice-calc-nogui"),
        "page.png": (b"\x89PNG\r\n\x1a\n" + b"\0" * 600, "apt-get install tesseract-ocr tesseract-ocr-chi-sim"),
    }
    for name, (data, package) in cases.items():
        outcome = document_from_bytes(name, name, data)
        assert isinstance(outcome, Rejection) and package in outcome.reason, (name, outcome)
    doc_reason = document_from_bytes("old.doc", "old.doc", cases["old.doc"][0]).reason
    assert doc_reason.startswith("legacy Word .doc needs LibreOffice"), doc_reason


# ---------------------------------------------------------------- spreadsheets

def _table_metrics(text: str) -> list[tuple]:
    return [(m.value, m.unit, m.indicator) for m in read_report(text).metrics]


def _assert_table_gives_its_gold(text: str, rows) -> None:
    found = _table_metrics(text)
    assert len(found) == len(rows), (found, text)
    for (value, unit, indicator), (_, _, _, _, gold) in zip(found, rows):
        assert scorer.close(value, gold["value"]) and unit == gold["unit"], (value, unit, gold)
        assert scorer.char_f1(indicator, gold["indicator"]) >= 0.5, (indicator, gold["indicator"])


def test_an_xlsx_indicator_table_yields_its_rows_as_metrics():
    rows = table_rows()
    assert len(rows) >= 25
    data = make_xlsx(rows)
    assert identify("指标.xlsx", data) == "xlsx" and read_as("xlsx") == "table"
    text = document_text(data, "xlsx")
    assert text.splitlines()[:3] == ["主要指标", "百花洲街道2021年主要指标完成情况", "一般公共预算收入9941.92万元。"]
    _assert_table_gives_its_gold(text, rows)


@pytest.mark.integration
@needs_soffice
def test_an_xls_table_saved_by_libreoffice_reads_like_the_xlsx(tmp_path):
    rows = table_rows()
    source = tmp_path / "table.xlsx"
    source.write_bytes(make_xlsx(rows))
    xls = soffice_convert(source, "xls", tmp_path)
    assert identify(xls.name, xls.read_bytes()) == "xls"
    assert file_text(xls) == document_text(source.read_bytes(), "xlsx")


def _cells(*values) -> list:
    return [None if v is None else (Cell(number_text(v), True) if isinstance(v, (int, float)) else Cell(v, False))
            for v in values]


def test_column_headers_give_each_figure_its_year_or_measure():
    rows = [
        _cells("2024年主要经济指标"),
        _cells("序号", "指标", "单位", "2023年", "2024年", "增长(%)"),
        _cells(1, "地区生产总值", "亿元", 100.5, 110.2, 9.6),
        _cells(2, "城镇登记失业率", "%", 3.1, 3.2, None),
        [Cell("3", True), Cell("固定资产投资", False), None, None, Cell("12.5亿元", True), Cell("26.8", True, True)],
    ]
    assert rows_text(rows) == [
        "2024年主要经济指标",
        "2023年地区生产总值100.5亿元，2024年地区生产总值110.2亿元，地区生产总值增长9.6%。",
        "2023年城镇登记失业率3.1%，2024年城镇登记失业率3.2%。",
        "2024年固定资产投资12.5亿元，固定资产投资增长26.8%。",
    ]
    parsed = _table_metrics("\n".join(rows_text(rows)))
    assert [(v, u) for v, u, _ in parsed] == [
        (100.5e8, "CNY"), (110.2e8, "CNY"), (9.6, "percent"), (3.1, "percent"), (3.2, "percent"),
        (12.5e8, "CNY"), (26.8, "percent")]
    assert {i for _, _, i in parsed} >= {"地区生产总值", "城镇登记失业率", "固定资产投资"}


def test_stacked_headers_units_in_brackets_and_rows_without_a_header():
    stacked = [
        _cells("指标（万元）", "2024年", None),
        _cells(None, "1-9月", "全年目标"),
        _cells("一般公共预算收入", 9941.92, 13963.07),
    ]
    assert rows_text(stacked) == ["2024年1-9月一般公共预算收入9941.92万元，2024年全年目标一般公共预算收入13963.07万元。"]
    assert rows_text([_cells("新建公园", 3, "个"), _cells("帮助就业", 1187, "人", "备注")]) == [
        "新建公园3个。", "帮助就业1187人，备注。"]
    assert number_text(110.20000000000002) == "110.2" and number_text(1e10) == "10000000000"


# ---------------------------------------------------------------- OCR

def typeset(text: str, font, width: int) -> list[str]:
    """The text's paragraphs broken into lines of `width` pixels, as a word processor fills a
    column (a line of narrow digits holds more characters than a line of Chinese)."""
    lines = []
    for paragraph in text.splitlines():
        line = ""
        for char in paragraph.strip():
            if line and font.getlength(line + char) > width:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return lines


def page_images(text: str, size: int = 42, width: int = 2480, height: int = 3508) -> list:
    """The text typeset on A4 pages at 300 dpi (a 12-point WenQuanYi face), as a scanner makes them."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), size)
    margin, top, step = 180, 200, int(size * 1.5)
    lines = typeset(text, font, width - 2 * margin)
    per_page = (height - 2 * top) // step
    pages = []
    for first in range(0, len(lines), per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        for row, line in enumerate(lines[first:first + per_page]):
            draw.text((margin, top + row * step), line, font=font, fill=0)
        pages.append(page)
    return pages


def scanned_pdf(text: str) -> bytes:
    pages = page_images(text)
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", save_all=True, append_images=pages[1:], resolution=300)
    return buffer.getvalue()


def long_image(text: str) -> bytes:
    """One long PNG of the whole text, as sites publish a report as a single picture."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 32)
    lines = typeset(text, font, 1400)
    image = Image.new("L", (1400 + 128, len(lines) * 48 + 128), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((64, 64 + row * 48), line, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def scans() -> dict[str, bytes]:
    return {"scan.pdf": scanned_pdf(PDF_SEED.read_text(encoding="utf-8")),
            "page.png": long_image(IMAGE_SEED.read_text(encoding="utf-8"))}


def ocr_score(seed: Path, text: str) -> dict:
    summary, _, misses, false_positives = score_parsed({seed.name: scorer.load_gold(str(GOLD))[seed.name]},
                                                       {seed.name: read_report(text)})
    return {**summary, "misses": misses, "false_positives": false_positives}


@pytest.mark.integration
@needs_ocr
@pytest.mark.parametrize("name, seed, container", [("scan.pdf", PDF_SEED, "ocr-pdf"),
                                                   ("page.png", IMAGE_SEED, "ocr-image")])
def test_scans_are_ocrd_to_the_seed_gold_metrics(scans, name, seed, container):
    started = time.monotonic()
    assert identify(name, scans[name]) == container and read_as(container) == "ocr"
    seconds = time.monotonic() - started
    score = ocr_score(seed, document_text(scans[name], container))
    print(f"{name}: OCR {seconds:.1f} s, precision {score['precision']}, recall {score['recall']}")
    assert score["recall"] >= 0.95 and score["precision"] >= 0.95, score


@pytest.mark.integration
@needs_ocr
def test_a_page_ocr_cannot_read_is_quarantined_with_the_reason():
    from PIL import Image

    lines = ["全年新建公园3个，改造老旧小区12个。", "帮助1187人就业，开展招聘会8场。"]
    page = make_png(lines)
    assert document_text(page, identify("ok.png", page)) == "\n".join(lines)

    def png(image) -> bytes:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()

    rotated = document_from_bytes("rotated.png", "rotated.png", png(Image.open(io.BytesIO(page)).rotate(90, expand=True)))
    assert isinstance(rotated, Rejection) and rotated.reason.startswith("OCR cannot read page 1 of 1"), rotated
    blank = document_from_bytes("blank.png", "blank.png", png(Image.new("L", (800, 600), 255)))
    assert isinstance(blank, Rejection) and "OCR found no text" in blank.reason, blank
    broken = document_from_bytes("cut.jpg", "cut.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 32)
    assert isinstance(broken, Rejection) and "not a readable image" in broken.reason, broken


@pytest.mark.parametrize("ocr, repaired", [
    ("全 年 新 建 公 园 3 个", "全年新建公园3个"),
    ("改造1O5个，共l2个，投入2O2l年", "改造105个，共12个，投入2021年"),
    ("累计10。38万毫升，增长26·8%", "累计10.38万毫升，增长26.8%"),
    ("帮助1 187人就业，10 .38万", "帮助1187人就业，10.38万"),
    ("服务时长达8干小时，选派干部", "服务时长达8千小时，选派干部"),
    # What must stay: a table row's columns, Latin words, a sentence ending on a figure, 〇 in words.
    ("地区生产总值 100.5 110.2", "地区生产总值100.5 110.2"),
    ("COVID-19 Omicron lO", "COVID-19 Omicron lO"),
    ("完成100。2023年起", "完成100。2023年起"),
    ("二〇二四年", "二〇二四年"),
])
def test_ocr_number_repairs(ocr, repaired):
    assert repair(ocr) == repaired
