"""The hostile corpus: files written by an attacker, built here as real bytes (the large ones
would bloat the repository), and `python -m bench --hostile`, the memory they cost a run.

tests/test_hostile.py puts every file here through the readers and the whole pipeline; the
benchmark runs the pipeline on the five seeds plus all of them, as an operator would, and
measures the peak memory of the run's process tree (the issue's bound: 1.5 GB).
"""
from __future__ import annotations

import io
import json
import os
import resource
import shutil
import time
import zipfile
from pathlib import Path

from extract.ingest.formats import DOCX_MAX_UNPACKED_BYTES
from extract.settings import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "tests" / "fixtures" / "seeds"
PAGE = PROJECT_ROOT / "tests" / "fixtures" / "pages" / "003_431919a2a8b41946.html"
BOUND_MB = 1536


def _docx(*paragraphs: str):
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    return document


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def vmerge_docx() -> bytes:
    """A table whose first row continues a vertical merge from a row that does not exist:
    python-docx raises ValueError from `row.cells`."""
    from docx.oxml.ns import qn
    from lxml import etree

    document = _docx("全年新建公园3个。")
    cell = document.add_table(rows=2, cols=2).rows[0].cells[0]
    etree.SubElement(cell._tc.get_or_add_tcPr(), qn("w:vMerge")).set(qn("w:val"), "continue")
    return _saved(document)


def docx_bomb() -> bytes:
    """A real .docx with one more part that unpacks to just over the cap from a few kilobytes."""
    buffer = io.BytesIO(_saved(_docx("全年新建公园3个。")))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/zeros.bin", bytes(DOCX_MAX_UNPACKED_BYTES + 1))
    return buffer.getvalue()


def pdf(*objects: bytes) -> bytes:
    """A PDF of the given objects (1 is the catalog), with a correct cross-reference table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_PAGE = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
         b"/Resources << /Font << /F1 5 0 R >> >> >>")


def one_page_pdf(content: bytes, stream_extra: bytes = b"", kids: bytes = b"3 0 R", count: int = 1) -> bytes:
    return pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
               _PAGE, _stream(content, stream_extra), _FONT)


def nested_arrays_pdf() -> bytes:
    """100,000 nested arrays in the content stream: RecursionError in pypdf."""
    return one_page_pdf(b"BT /F1 12 Tf 72 700 Td " + b"[" * 100_000 + b"]" * 100_000 + b" TJ (Hi) Tj ET")


def decompression_bomb_pdf() -> bytes:
    """A content stream of 200 KB that inflates to 200 MB: pypdf's LimitReachedError."""
    import zlib

    return one_page_pdf(zlib.compress(b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n" + bytes(200 << 20), 9),
                        b"/Filter /FlateDecode")


def page_tree_pdf() -> bytes:
    """A page tree claiming 200,000 pages: pypdf's LimitReachedError."""
    return one_page_pdf(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET", kids=b"3 0 R " * 200_000, count=200_000)


def nines_report() -> str:
    """400 nines before 亿元: a value no double holds, parsed as inf."""
    return f"百花洲街道2021年工作总结\n一、工作总结\n全年完成一般公共预算收入{'9' * 400}亿元。\n"


def headings_report(n: int = 1100) -> str:
    """A report with more than a thousand headings: section 1,000 must not collide with 100."""
    lines = ["常青花园社区2021年工作总结", "一、工作总结"]
    lines += [f"（{k}）第{k}项工作。全年新建公园{k}个。" for k in range(1, n + 1)]
    return "\n".join(lines) + "\n"


def huge_page(megabytes: int = 19) -> bytes:
    """A saved web page of `megabytes` MB (under the 20 MB cap) of distinct paragraphs, so the
    cleaner keeps them all: minutes of parsing and over a gigabyte of memory with no budget."""
    parts = ['<html><head><meta charset="utf-8"><title>清水河街道2021年工作总结</title></head><body>'
             "<h1>清水河街道2021年工作总结</h1>\n"]
    size, k = len(parts[0].encode()), 0
    while size < megabytes << 20:
        k += 1
        paragraph = f"<p>第{k}项工作：全年新建公园{k}个，完成一般公共预算收入{k * 7}万元，同比增长{k % 30}.5%。</p>\n"
        parts.append(paragraph)
        size += len(paragraph.encode())
    return ("".join(parts) + "</body></html>").encode()


# Files no reader survives: name → (maker, what the ingest's quarantine reason names).
UNREADABLE = {
    "vmerge.docx": (vmerge_docx, "ValueError"),
    "zipbomb.docx": (docx_bomb, "zip bomb"),
    "nested.pdf": (nested_arrays_pdf, "RecursionError"),
    "bomb.pdf": (decompression_bomb_pdf, "LimitReachedError"),
    "pagetree.pdf": (page_tree_pdf, "LimitReachedError"),
}


def write_corpus(inbox: Path, huge: bool = True) -> Path:
    """The seeds and every hostile file in `inbox` (the 19 MB page unless `huge` is False)."""
    inbox.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.iterdir():
        shutil.copy(seed, inbox)
    for name, (make, _) in UNREADABLE.items():
        (inbox / name).write_bytes(make())
    (inbox / "nines.txt").write_text(nines_report(), encoding="utf-8")
    (inbox / "headings.txt").write_text(headings_report(), encoding="utf-8")
    shutil.copy(PAGE, inbox / "saved.shtml")
    if huge:
        (inbox / "huge.html").write_bytes(huge_page())
    return inbox


def measure(work: Path, out: Path) -> dict:
    """One `python -m extract run` on the hostile corpus with the default budgets: its wall
    time, its process tree's peak memory (sampled) and the largest single process's."""
    from bench.run import run_pipeline

    shutil.rmtree(work, ignore_errors=True)
    inbox = write_corpus(work / "inbox")
    warehouse = work / "warehouse" / "reports.duckdb"
    print(f"hostile corpus: {len(list(inbox.iterdir()))} files, "
          f"{sum(p.stat().st_size for p in inbox.iterdir()) / 2**20:.1f} MB; running the pipeline", flush=True)
    started = time.perf_counter()
    run = run_pipeline(inbox, warehouse, os.cpu_count() or 1)
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        published = sorted(name for (name,) in con.execute("select source_file from marts.dim_report").fetchall())
        quarantined = dict(((name, f"{stage}: {reason}") for name, stage, reason in con.execute(
            "select source_file, stage, reason from audit.quarantine order by 1").fetchall()))
    result = {
        "wall_s": round(time.perf_counter() - started, 2),
        "peak_rss_mb": run["peak_rss_mb"],
        "peak_rss_mb_by_stage": run["peak_rss_mb_by_stage"],
        # ru_maxrss of reaped children: the largest single process (a worker or the run), in KB.
        "largest_process_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "bound_mb": BOUND_MB,
        "published": published,
        "quarantined": quarantined,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "hostile.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "hostile.md").write_text(table(result), encoding="utf-8")
    print(table(result))
    return result


def table(result: dict) -> str:
    verdict = "under" if result["peak_rss_mb"] < result["bound_mb"] else "OVER"
    lines = [f"Hostile corpus (the seeds plus every file of bench/hostile.py, the 19 MB page included), "
             f"one run with the default parse budgets: {result['wall_s']} s, peak memory of the process tree "
             f"{result['peak_rss_mb']} MB ({verdict} the {result['bound_mb']} MB bound), largest single process "
             f"{result['largest_process_mb']} MB.", "",
             "Peak MB by stage: " + ", ".join(f"{s} {mb}" for s, mb in result["peak_rss_mb_by_stage"].items()), "",
             "| file | kept out at: why |", "|---|---|"]
    lines += [f"| {name} | {why} |" for name, why in result["quarantined"].items()]
    lines += ["", "Published: " + ", ".join(result["published"])]
    return "\n".join(lines) + "\n"
