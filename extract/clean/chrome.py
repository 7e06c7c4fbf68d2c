"""Web-page chrome: the lines a saved government page wraps around the report, and the
metadata (publisher, date, index number) that only those lines carry."""
from __future__ import annotations

import re
from datetime import date

from extract.records import DocumentMeta

# A line that is page furniture, not prose: share widgets, font switches, footers, filings.
_CHROME_LINE = re.compile(r"""
    ^[•·●▪◆■]?\s*(?:
        微信|微博|QQ空间|繁体字?|简体|分享到?[:：]?|打印(?:本页)?|关闭(?:窗口)?|收藏|
        浏览(?:量|次数)[:：]?.*|【?字体[:：].*|字号[:：].*|
        索引号[:：].*|主题分类[:：].*|发布机构[:：].*|生成日期[:：].*|发布日期[:：].*|
        文件编号[:：].*|有效性[:：].*|公开范围[:：].*|公开方式[:：].*|来源[:：].*|
        (?:手机)?扫(?:一扫|码).*|关于我们.*|网站地图.*|联系我们.*|
        主办[:：].*|承办[:：].*|协办[:：].*|版权所有.*|电话[:：].*|地址[:：].*|
        .*ICP备.*|.*公网安备.*|网站标识码.*|技术支持[:：].*|当前位置[:：].*|
        上一篇.*|下一篇.*|【?打印】?|【?关闭】?
    )\s*$
""", re.VERBOSE)
_LATIN_ONLY = re.compile(r"^[\sA-Za-z|•·:：\-_/]*$")  # "Baidu", "map", "| |": widget residue

_META_FIELDS = {
    "publisher": re.compile(r"发布机构[:：]\s*([^\s:：]+)"),
    "index_number": re.compile(r"索引号[:：]\s*([\w\-]+)"),
}
_DATE = re.compile(r"(?:生成日期|发布日期|发布时间|成文日期)[:：]\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def is_chrome(line: str) -> bool:
    stripped = line.strip()
    if "|" in stripped:  # a table row of page furniture, as text extractors render it
        cells = [cell.strip() for cell in stripped.split("|") if cell.strip()]
        return bool(cells) and all(_is_chrome_text(cell) for cell in cells)
    return bool(stripped) and _is_chrome_text(stripped)


def _is_chrome_text(text: str) -> bool:
    return bool(_CHROME_LINE.match(text)) or bool(_LATIN_ONLY.match(text))


def page_meta(lines: list[str]) -> DocumentMeta:
    """Metadata fields from the chrome lines of a saved page; absent fields stay None."""
    text = "\n".join(lines)
    found = {name: (m.group(1) if (m := pattern.search(text)) else None) for name, pattern in _META_FIELDS.items()}
    published = None
    if m := _DATE.search(text):
        try:
            published = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            published = None
    return DocumentMeta(published_date=published, **found)
