"""Web-page chrome: the lines a saved government page wraps around the report, and the
metadata (publisher, date, index number, title) that only those lines carry.

Government sites render their article header as a table of labelled fields. Text copies
of such pages write the same fields in many shapes: "发布机构: 东湖区百花洲街道",
"生成日期 2023-01-17" (no colon), "索 引 号: | 2342/2024-00001 |" (spaced label, table
cells), several fields on one line. A line is header chrome when it opens with one of
those labels; everything else is judged by the footer and widget phrases below.
"""
from __future__ import annotations

import re
from datetime import date

from extract.records import DocumentMeta

# Header field labels → the DocumentMeta field they fill (None: recognised, not kept).
# Several labels can fill one field; the first in this order wins (see _FIELD_PREFERENCE).
_FIELD_LABELS: dict[str, str | None] = {
    "索引号": "index_number", "信息索引号": "index_number",
    "发布机构": "publisher", "发布单位": "publisher", "信息来源": "publisher", "发布部门": "publisher",
    "发文机关": "publisher", "来源": "publisher", "所属机构": "publisher",
    "发布日期": "date", "发布时间": "date", "生成日期": "date", "成文日期": "date", "公开日期": "date",
    "更新时间": "date", "时间": "date", "日期": "date",
    "标题": "title", "名称": "title", "内容概述": "title",
    **dict.fromkeys((
        "主题分类", "体裁分类", "组配分类", "服务对象", "统一编号", "文号", "文件编号", "发文字号", "关键字", "关键词",
        "有效性", "效力状况", "时效", "公开范围", "公开方式", "公开形式", "公开时限", "浏览量", "浏览次数",
        "阅读次数", "阅读量", "点击数", "点击量", "访问量", "阅读", "人气", "作者", "责任编辑", "编辑", "审核",
        "字体", "字号", "分享到", "打印", "当前位置", "您的位置", "所在位置",
    )),
}
_FIELD_PREFERENCE = {
    # A page's own publication date beats the date its record was generated or opened.
    "date": ("发布日期", "发布时间", "生成日期", "公开日期", "成文日期", "更新时间", "时间", "日期"),
    "publisher": ("发布机构", "发布单位", "发文机关", "信息来源", "发布部门", "来源", "所属机构"),
}


def _spaced(label: str) -> str:
    # "索 引 号": some templates space out the characters of a label.
    return r"\s*".join(map(re.escape, label))


# A label counts only where a field can start (line start, after a space or a table bar)
# and where a value can follow (colon, space, bar or end): "来源于群众" is prose.
_LABEL = re.compile(
    r"(?:^|(?<=[\s|]))(?P<label>"
    + "|".join(_spaced(label) for label in sorted(_FIELD_LABELS, key=len, reverse=True))
    + r")\s*(?:[:：]|(?=[\s|]|$))"
)
_BULLET = re.compile(r"^[\s•·●▪◆■◇○□>\-–—|]+")

# Whole lines of page furniture: widgets, navigation, footers, filings.
_CHROME_LINE = re.compile(r"""
    ^(?:
        微信|微博|QQ空间|QQ好友|繁体字?|繁體|简体|無障礙|无障碍(?:阅读|版)?|长者模式|关怀版|手机版|
        (?:选择|切换)语言|语言(?:选择|切换)|
        导航(?:菜单|栏)?|菜单|分享|下载(?:文档|全文)?|收藏.{0,8}|!\[[^\]]*\]\([^)]*\)|
        (?:高级)?搜索|(?:进入|退出)(?:老年|长者|关怀)模式.*|信息公开元数据|关联信息\s*[:：]?|
        打印(?:本页|此页)?|关闭(?:本页|窗口)?|收藏(?:本页)?|返回顶部|
        (?:【|\[)?\s*字[体号]\s*[:：]?.*|[大中小](?:\s+[大中小]){1,2}|
        (?:微信|手机)?扫一扫.{0,12}|(?:手机|微信)?扫码(?:阅读|浏览|查看|打开|分享).{0,6}|.{0,6}在手机上(?:查看|浏览|打开).{0,8}|
        上一篇.*|下一篇.*|相关(?:链接|阅读|文章|附件).*|附件(?:下载)?\s*(?:[:：].{0,40}|[(（]\d+个?[)）])?|文件下载|
        (?:共\s*\d+\s*页\s*)?(?:第\s*\d+\s*页\s*)?(?:(?:首页|上一页|下一页|尾页|末页)\s*)+|   # pagination
        共\s*\d+\s*页.*|分享到\s*[:：]?.*|
        关于我们.*|网站地图.*|联系我们.*|网站纠错.*|
        主办(?:单位)?\s*[:：].*|承办(?:单位)?\s*[:：].*|协办\s*[:：].*|版权所有.*|
        (?:Copyright|copyright|©).*|(?:联系)?电话\s*[:：].*|传真\s*[:：].*|地址\s*[:：].*|邮编\s*[:：].*|
        .*ICP备.*|.*公网安备.*|网站标识码.*|技术支持\s*[:：].*|
        建议使用.*浏览器.*|.*分辨率.*浏览.*|
        .{0,16}首页\s*[>»].*|                        # breadcrumb: (您现在的位置是:) 首页 > …
        [>»›]\s*[^>»›]{1,20}\s*[>»›].*|             # …and its next line, when it wraps
        第\s*\d+\s*页.*|[-—–]\s*\d{1,3}\s*[-—–]|     # page numbers
        # A forum's post header (Discuz!): counters, the poster's card, the post's time.
        查看\s*[:：]\s*\d+\s*\|\s*回复\s*[:：]\s*\d+|复制链接|(?:TA的)?每日心情|签到天数.*|
        \[LV\.\d+\].*|(?:Rank:\s*\d+\s*)+|发表于\s*\d{4}-.*|只看该作者|电梯直达|楼主|主题|帖子|积分|版主
    )$
""", re.VERBOSE)
# "Baidu", "map", "---|---": widget and table residue. Mask templates (XX, xxxx) are not
# residue: a redacted number can sit on a line of its own in a PDF copy.
_RESIDUE = re.compile(r"^(?![\sxX×]+$)[\sA-Za-z|•·:：\-_/=*#.]*$")
# Furniture is a short line, never a sentence: a report line mentioning 扫一扫 keeps its 。.
_MAX_CHROME_CHARS = 100
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_INDEX_NUMBER = re.compile(r"[\w\-/.]+")


def is_chrome(line: str) -> bool:
    whole = line.strip()
    text = _BULLET.sub("", whole).strip(" \t|")
    if not text:
        return bool(whole)  # a line of bullets or table bars only
    if "。" in text:
        return False
    if _LABEL.match(text) or _RESIDUE.match(text):
        return True
    # Widgets come in brackets (【打印】) and page numbers in dashes (- 2 -).
    return len(text) <= _MAX_CHROME_CHARS and any(_CHROME_LINE.match(form) for form in (text.strip("【】[]"), whole))


def _fields(line: str) -> list[tuple[str, str]]:
    """(label, value) pairs of one header line; a value runs to the next label."""
    text = _BULLET.sub("", line).strip()
    matches = list(_LABEL.finditer(text))
    if not matches or matches[0].start() != 0:
        return []
    pairs = []
    for match, following in zip(matches, [*matches[1:], None]):
        value = text[match.end():following.start() if following else len(text)]
        pairs.append((re.sub(r"\s+", "", match.group("label")), value.strip(" |\t")))
    return pairs


def _parse_date(value: str) -> date | None:
    if not (match := _DATE.search(value)):
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def _first_token(value: str) -> str | None:
    return value.split()[0] if value.split() else None


def _title(value: str) -> str | None:
    return re.sub(r"\s*\|[\s|]*", " ", value).strip() or None


# A document or sample-essay site says its copy was uploaded by a user: the page's date is when.
_UPLOADED = re.compile(r"(?:网友|会员|用户)(?:提供并)?(?:上传|分享)")
_NOTICE_REACH = 600


def is_uploaded_copy(text: str) -> bool:
    """Whether the page opens with a site's notice that a user uploaded the text (…一文来源于
    网友上传, 由会员分享, 本文档由用户提供并上传)."""
    return bool(_UPLOADED.search(text, 0, _NOTICE_REACH))


def page_meta(lines: list[str]) -> DocumentMeta:
    """Metadata from the chrome lines of a saved page; absent fields stay None."""
    found: dict[str, str] = {}
    for line in lines:
        for label, value in _fields(line):
            if value and label not in found:
                found[label] = value

    def first(field: str, parse) -> object | None:
        labels = _FIELD_PREFERENCE.get(field) or [k for k, v in _FIELD_LABELS.items() if v == field]
        return next((parsed for label in labels if label in found and (parsed := parse(found[label]))), None)

    index = first("index_number", lambda v: (m.group() if (m := _INDEX_NUMBER.match(v)) else None))
    return DocumentMeta(
        title=first("title", _title),
        published_date=first("date", _parse_date),
        publisher=first("publisher", _first_token),
        index_number=index,
    )
