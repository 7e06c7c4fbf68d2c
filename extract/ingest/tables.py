"""Spreadsheets of indicators (`.xlsx`; `.xls`, `.et` and `.ods` after LibreOffice made them
`.xlsx`) read as the sentences a report would write, so the same metric rules find the figures.

A government's indicator table looks like

    2024年主要经济指标完成情况                      ← a title: one cell, kept as a line
    序号 | 指标        | 单位 | 2023年 | 2024年 | 增长(%)   ← the header row: no figures
    1    | 地区生产总值 | 亿元 | 100.5  | 110.2  | 9.6       ← a row: one indicator

and each row becomes one line, every figure with its indicator (the row's label) and what its
column header says (a year or period before it, a rate after it), the unit from the unit
column, the header's or the label's brackets, or the cell's percent format:

    2023年地区生产总值100.5亿元，2024年地区生产总值110.2亿元，地区生产总值增长9.6%。

Rows without a header row are written cell after cell. The numbers are written as the cell
holds them (no thousands separators, no float noise); a cell formatted as a percent is read as
the percent it shows.
"""
from __future__ import annotations

import datetime
import io
import re
import warnings
from dataclasses import dataclass

from extract.ingest.decode import UndecodableError

# A sheet of a report is a few hundred cells; this bounds a hostile one (cells are read lazily).
MAX_CELLS = 1_000_000
_DEFAULT_SHEET = re.compile(r"^(sheet|工作表|表)\s*\d*$", re.IGNORECASE)
# Columns that number the rows: never an indicator or a figure.
_ORDINAL_HEADERS = re.compile(r"^(序号|编号|序|排序|排名|no\.?|#)$", re.IGNORECASE)
_UNIT_HEADER = re.compile(r"单位")
# A header that names the figure itself adds nothing to the sentence.
_PLAIN_VALUE_HEADERS = re.compile(r"^(数值|数量|数据|值|指标值|金额|数额|合计|总计|完成值|完成数|完成情况"
                                  r"|实际|实绩|本期|本年|当年)$")
# A header after which a figure reads as a rate or a change of the indicator (增长, 同比, 占比…).
_AFTER_LABEL_HEADERS = re.compile(r"增|降|减|幅|率|比|占|%|％")
_BRACKETED = re.compile(r"[（(]([^（）()]{1,8})[）)]")
_TEXT_FIGURE = re.compile(r"^[约近超逾]?[-+−]?\d[\d,，.]*\s*(?![年月日号])[^\d\s]{0,5}$")
_UNITISH = re.compile(r"^[^\d\s]{1,4}$")
_MONTHS = (r"(\d{1,2}\s*[-—–~至到]\s*\d{1,2}\s*月(份)?|\d{1,2}\s*月(份|底|末)?"
           r"|上半年|下半年|前三季度|第?[一二三四1-4]季度)")
_PERIOD = re.compile(rf"^(\d{{4}}\s*年度?{_MONTHS}?|{_MONTHS}|全年|本年|上年|去年|今年)")


@dataclass(frozen=True)
class Cell:
    text: str            # as a sentence writes it
    is_figure: bool      # a number (or a text cell that starts with one)
    percent: bool = False


def workbook_text(data: bytes) -> str:
    """Every sheet of an .xlsx workbook as lines of text."""
    import openpyxl

    from extract.ingest.formats import describe

    try:
        with warnings.catch_warnings():  # "no default style" and the like: nothing a reader can act on
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                return "\n".join(_book_lines(book))
            finally:
                book.close()
    except UndecodableError:
        raise
    except Exception as exc:  # zipfile, KeyError, lxml and openpyxl's own errors alike (read lazily)
        raise UndecodableError(f"not a readable .xlsx (truncated or corrupt?): {describe(exc)}") from exc


def _book_lines(book) -> list[str]:
    lines: list[str] = []
    cells = 0
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            cells += len(row)
            if cells > MAX_CELLS:
                raise UndecodableError(f"spreadsheet holds over {MAX_CELLS} cells: not a report's table")
            rows.append([_cell(c.value, getattr(c, "number_format", None)) for c in row])
        sheet_lines = rows_text(rows)
        if sheet_lines and not _DEFAULT_SHEET.match(sheet.title.strip()):
            lines.append(sheet.title.strip())
        lines += sheet_lines
    return lines


def rows_text(rows: list[list[Cell | None]]) -> list[str]:
    """A sheet's rows (None for an empty cell) as lines."""
    lines: list[str] = []
    header: list[str] | None = None
    previous_was_header = False
    for row in rows:
        filled = [(i, c) for i, c in enumerate(row) if c is not None]
        if not filled:
            previous_was_header = False
            continue
        if len(filled) == 1 and not filled[0][1].is_figure:
            lines.append(filled[0][1].text)  # a title, a heading, a note under the table
            previous_was_header = False
            continue
        if not any(c.is_figure for _, c in filled):
            texts = [c.text if c else "" for c in row]
            header = _stacked(header, texts) if previous_was_header and header else texts
            previous_was_header = True
            continue
        previous_was_header = False
        lines.append(_row_sentence(row, header) if header else _plain_row(row))
    return lines


def _stacked(upper: list[str], lower: list[str]) -> list[str]:
    """Two header rows as one: the upper row's merged titles (written once, at their first
    column) stand over every column to their right until the next."""
    filled, current = [], ""
    for i in range(max(len(upper), len(lower))):
        current = (upper[i] if i < len(upper) else "") or current
        below = lower[i] if i < len(lower) else ""
        filled.append(current + below if below and below != current else current)
    return filled


def _row_sentence(row: list[Cell | None], header: list[str]) -> str:
    titles = [header[i] if i < len(header) else "" for i in range(len(row))]
    skip = {i for i, t in enumerate(titles) if _ORDINAL_HEADERS.match(t.strip())}
    unit_columns = [i for i, t in enumerate(titles) if _UNIT_HEADER.search(t) and i not in skip]
    label_index = next((i for i, c in enumerate(row)
                        if c is not None and not c.is_figure and i not in skip and i not in unit_columns), None)
    if label_index is None:
        return _plain_row(row)
    label, label_unit = _without_unit(row[label_index].text)
    # The row's unit: its unit column, the label's brackets, or the label column's header's
    # brackets (指标（万元）); a figure's own column header (增长(%)) comes first.
    row_unit = next((row[i].text for i in unit_columns if row[i] is not None), "") or label_unit \
        or _without_unit(titles[label_index])[1]
    phrases, notes = [], []
    for i, cell in enumerate(row):
        if cell is None or i in skip or i == label_index or i in unit_columns:
            continue
        if not cell.is_figure:
            notes.append(cell.text)
            continue
        title, title_unit = _without_unit(titles[i])
        figure = cell.text
        if cell.percent:
            figure += "%"
        elif not _has_unit(figure):
            figure += title_unit or row_unit
        period, rest = _split_period(title)
        if _PLAIN_VALUE_HEADERS.match(rest):
            rest = ""
        if rest and _AFTER_LABEL_HEADERS.search(rest):
            phrases.append(f"{period}{label}{rest}{figure}")  # 2024年地区生产总值增长9.6%
        else:
            phrases.append(f"{period}{rest}{label}{figure}")  # 2025年目标地区生产总值120亿元
    return "，".join(phrases + notes) + "。"


def _plain_row(row: list[Cell | None]) -> str:
    """A row with no header to go by: cells in order, a figure glued to the unit after it."""
    out = ""
    previous: Cell | None = None
    for cell in row:
        if cell is None:
            continue
        # label then figure: together (地区生产总值110.2); figure then its unit: together
        # (110.2亿元); any other neighbours are apart.
        together = previous is None or (not previous.is_figure and cell.is_figure) \
            or (previous.is_figure and not previous.percent and not cell.is_figure and _UNITISH.match(cell.text))
        out += ("" if together else "，") + cell.text + ("%" if cell.percent else "")
        previous = cell
    return out + "。"


def _without_unit(text: str) -> tuple[str, str]:
    """`地区生产总值（亿元）` → (`地区生产总值`, `亿元`); `增长(%)` → (`增长`, `%`)."""
    match = _BRACKETED.search(text)
    if match is None:
        return text.strip(), ""
    return (text[:match.start()] + text[match.end():]).strip(), match.group(1).strip()


def _has_unit(figure: str) -> bool:
    return not re.fullmatch(r"[约近超逾]?[-+−]?[\d,，.]+", figure)


def _split_period(title: str) -> tuple[str, str]:
    """A header's leading year or period and the rest: `2024年1-9月增长` → (`2024年1-9月`, `增长`)."""
    match = _PERIOD.match(title)
    return (match.group(0), title[match.end():].strip()) if match else ("", title)


def _cell(value, number_format: str | None) -> Cell | None:
    if value is None or isinstance(value, bool):
        return None if value is None else Cell(str(value), False)
    if isinstance(value, (int, float)):
        percent = "%" in (number_format or "")
        return Cell(number_text(value * 100 if percent else value), True, percent)
    if isinstance(value, (datetime.datetime, datetime.date)):
        day = value.date() if isinstance(value, datetime.datetime) else value
        return Cell(f"{day.year}年{day.month}月{day.day}日", False)
    text = " ".join(str(value).split())
    if not text:
        return None
    # 110.2亿元 is a figure; 2024年, 1-9月 (headers of periods) and 2024年主要指标 are not.
    return Cell(text, bool(_TEXT_FIGURE.match(text)))


def number_text(value: int | float) -> str:
    """A number as a report writes it: 110.2, not 110.20000000000002 or 1.102e2."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    rounded = round(value, 6)
    if rounded == int(rounded):
        return str(int(rounded))
    return format(rounded, "f").rstrip("0").rstrip(".")
