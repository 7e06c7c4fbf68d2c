"""Scanned PDFs and page images read by Tesseract with its simplified-Chinese model, page by page.

A PDF page is rendered by poppler's `pdftoppm` (Debian's `poppler-utils`: it renders one page
at a time to a bounded size, so a page of absurd dimensions cannot exhaust memory); an image's
frames (a multi-page TIFF has several) are taken by Pillow after its size was checked. Each
page is one `tesseract … -l chi_sim` in the sandbox of `extract.ingest.sandbox`, with its own
time limit (`REPORTS_OCR_PAGE_SECONDS`, 120 s by default) and one thread (OpenMP's worker
threads spin against each other on a busy machine: a page that takes 1 s alone took 30 s with
two threads on two loaded cores); pages are read in parallel instead (`REPORTS_OCR_WORKERS`).

A page OCR cannot read is a reason, not a guess: a page Tesseract fails on, or one whose words
it is not confident of (`MIN_CONFIDENCE`: a blurred, rotated or handwritten scan), sends the
whole document to quarantine naming the page. A page with no text at all (a blank back side)
is skipped, a document with none anywhere is quarantined. The text comes back with OCR's
typical number errors repaired (`extract.ingest.ocr_repair`).
"""
from __future__ import annotations

import csv
import functools
import io
import os
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from extract import settings
from extract.ingest import sandbox
from extract.ingest.decode import UndecodableError
from extract.ingest.ocr_repair import repair

PAGE_SECONDS = 120.0
LANGUAGE = "chi_sim"
# Tesseract's page segmentation: 6, one block of text, as a report's page is. Its default (3,
# automatic layout) dropped whole lines of the seeds' scans (4 of 428 gold figures lost, 1 with 6).
PAGE_SEGMENTATION = "6"
# Pages a document may have: a 30-page scanned report takes a few minutes; a scanned archive of
# hundreds of pages is not one report.
MAX_PAGES = 100
# The long side of a rendered page: A4 at 300 dpi, what Tesseract reads best.
PAGE_PIXELS = 3508
# An image's pixels before it is decoded (Pillow's own bomb check is 89 M and only warns).
MAX_IMAGE_PIXELS = 60_000_000
# Tesseract's mean word confidence (0–100, weighted by characters) below which a page is
# unreadable: clean scans of reports score 85–95, noise and rotated pages below 40.
MIN_CONFIDENCE = 55.0


def image_text(data: bytes) -> str:
    """The text of a page image (.png, .jpg, .tif: every frame of a multi-page TIFF)."""
    tesseract = _tesseract("an image of a page")
    with tempfile.TemporaryDirectory(prefix="reports-ocr-") as scratch:
        root = Path(scratch)
        pages = _image_pages(data, root)
        return _read_pages(tesseract, pages, root, "image")


def pdf_text(data: bytes, page_count: int) -> str:
    """The text of a PDF without a text layer, its pages rendered and OCR'd one by one."""
    tesseract = _tesseract("a scanned PDF (no text layer)")
    pdftoppm = sandbox.require("pdftoppm", "a scanned PDF (no text layer)")
    if page_count > _max_pages():
        raise UndecodableError(f"scanned PDF has {page_count} pages, over the {_max_pages()}-page OCR cap")
    if page_count == 0:
        raise UndecodableError("PDF has no pages")
    with tempfile.TemporaryDirectory(prefix="reports-ocr-") as scratch:
        root = Path(scratch)
        (root / "input.pdf").write_bytes(data)

        def render(number: int) -> Path:
            stem = root / f"page-{number}"
            result = sandbox.run([pdftoppm, "-f", str(number), "-l", str(number), "-scale-to", str(PAGE_PIXELS),
                                  "-gray", "-png", "-singlefile", str(root / "input.pdf"), str(stem)],
                                 limit=_page_seconds(), scratch=root, what=f"rendering page {number} of the PDF")
            image = stem.with_suffix(".png")
            if not image.is_file():
                raise UndecodableError(f"page {number} of the scanned PDF cannot be rendered: "
                                       f"{sandbox.stderr_of(result)}")
            return image

        return _read_pages(tesseract, [lambda n=n: render(n) for n in range(1, page_count + 1)], root,
                           "scanned PDF (no text layer)")


def _tesseract(what: str) -> str:
    tesseract = sandbox.require("tesseract", what)
    if LANGUAGE not in _languages(tesseract):
        raise UndecodableError(f"{what} needs Tesseract's simplified-Chinese model ({LANGUAGE} is not "
                               "installed): apt-get install tesseract-ocr-chi-sim")
    return tesseract


@functools.lru_cache(maxsize=4)
def _languages(tesseract: str) -> frozenset[str]:
    try:
        listed = subprocess.run([tesseract, "--list-langs"], capture_output=True, timeout=30, text=True)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in (listed.stdout + listed.stderr).splitlines()[1:])


def _image_pages(data: bytes, root: Path) -> list:
    from PIL import Image, ImageSequence

    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
    except Exception as exc:
        from extract.ingest.formats import describe
        raise UndecodableError(f"not a readable image (truncated or corrupt?): {describe(exc)}") from exc
    if width * height > MAX_IMAGE_PIXELS:
        raise UndecodableError(f"image is {width}×{height} pixels, over the {MAX_IMAGE_PIXELS}-pixel cap")
    frames = getattr(image, "n_frames", 1)
    if frames > _max_pages():
        raise UndecodableError(f"image has {frames} pages, over the {_max_pages()}-page OCR cap")

    seeking = threading.Lock()  # one image object: its frames are taken one at a time

    def page(number: int) -> Path:
        path = root / f"page-{number}.png"
        try:
            with seeking:
                frame = ImageSequence.Iterator(image)[number - 1]
                if frame.size[0] * frame.size[1] > MAX_IMAGE_PIXELS:
                    raise UndecodableError(f"page {number} of the image is over the {MAX_IMAGE_PIXELS}-pixel cap")
                frame.convert("L").save(path)
        except UndecodableError:
            raise
        except Exception as exc:
            from extract.ingest.formats import describe
            raise UndecodableError(f"page {number} of the image cannot be decoded: {describe(exc)}") from exc
        return path

    return [lambda n=n: page(n) for n in range(1, frames + 1)]


def _read_pages(tesseract: str, pages: list, root: Path, kind: str) -> str:
    """Every page made and read, `_workers()` pages at a time, the texts in page order; the
    first page (in order) that fails stops the rest."""
    def read(number: int) -> tuple[str, float]:
        image = pages[number - 1]()
        try:
            return _recognise(tesseract, image, root, f"page {number} of the {kind}")
        finally:
            image.unlink(missing_ok=True)

    texts = []
    with ThreadPoolExecutor(max_workers=max(1, min(_workers(), len(pages)))) as pool:
        futures = [pool.submit(read, number) for number in range(1, len(pages) + 1)]
        try:
            for number, future in enumerate(futures, 1):
                text, confidence = future.result()
                if not text.strip():
                    continue  # a blank page
                if confidence < MIN_CONFIDENCE:
                    raise UndecodableError(
                        f"OCR cannot read page {number} of {len(pages)} of the {kind}: confidence "
                        f"{confidence:.0f} below {MIN_CONFIDENCE:.0f} (blurred, rotated or handwritten?)")
                texts.append(text.strip("\n"))
        finally:
            for future in futures:
                future.cancel()
    if not texts:
        raise UndecodableError(f"OCR found no text on any of the {len(pages)} page(s) of the {kind}")
    return repair("\n\n".join(texts))


def _recognise(tesseract: str, image: Path, root: Path, what: str) -> tuple[str, float]:
    """(text, mean confidence weighted by characters) of one page image."""
    out = image.with_name(image.stem + "-ocr")
    result = sandbox.run([tesseract, str(image), str(out), "-l", LANGUAGE, "--psm", PAGE_SEGMENTATION, "txt", "tsv"],
                         limit=_page_seconds(), scratch=root, what=f"OCR of {what}",
                         env={"OMP_THREAD_LIMIT": "1"})
    text_file, tsv_file = out.with_suffix(".txt"), out.with_suffix(".tsv")
    try:
        if result.returncode != 0 or not text_file.is_file():
            raise UndecodableError(f"OCR failed on {what}: {sandbox.stderr_of(result)}")
        text = text_file.read_text(encoding="utf-8", errors="replace")
        tsv = tsv_file.read_text(encoding="utf-8", errors="replace") if tsv_file.is_file() else ""
        return text, _confidence(tsv)
    finally:
        text_file.unlink(missing_ok=True)
        tsv_file.unlink(missing_ok=True)


def _confidence(tsv: str) -> float:
    total = weight = 0.0
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        try:
            conf = float(row.get("conf") or -1)
        except ValueError:
            continue
        if word and conf >= 0:
            total += conf * len(word)
            weight += len(word)
    return total / weight if weight else 0.0


def _page_seconds() -> float:
    return settings.positive_number("REPORTS_OCR_PAGE_SECONDS", PAGE_SECONDS)


def _workers() -> int:
    """Pages read at once: Tesseract runs one thread per page, so pages in parallel use the
    machine's cores (`REPORTS_OCR_WORKERS`, the CPU count up to 4 by default)."""
    return int(settings.positive_number("REPORTS_OCR_WORKERS", min(4, os.cpu_count() or 1)))


def _max_pages() -> int:
    return int(settings.positive_number("REPORTS_OCR_MAX_PAGES", MAX_PAGES))
