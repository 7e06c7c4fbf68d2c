"""Content words of a report (jieba's segmentation, content words only), counted: the term
frequencies that TF-IDF keywords are built from (the IDF is computed in dbt over the whole
corpus in the warehouse, so it follows the corpus instead of jieba's generic one)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from extract.parse.segment import Segmented, tag_of

STOPWORDS = Path(__file__).with_name("data") / "stopwords.txt"
# Nouns, verbal nouns, names and idioms carry what a report is about; bare verbs and
# function words do not.
_CONTENT_TAGS = ("n", "vn", "nz", "ns", "nt", "nr", "l", "j")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(line.strip() for line in STOPWORDS.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1 << 16)
def is_term(word: str) -> bool:
    """Whether a word is a content word. Cached: the same few thousand words fill every report."""
    return bool(_HAN.fullmatch(word)) and word not in stopwords() and tag_of(word).startswith(_CONTENT_TAGS)


def term_counts(segmented: Segmented) -> tuple[tuple[str, int], ...]:
    """(term, count) of the report's content words, most frequent first."""
    # Count first, then judge each distinct word once: a report repeats most of its words.
    kept = [(term, n) for term, n in segmented.counts.items() if is_term(term)]
    return tuple(sorted(kept, key=lambda item: (-item[1], item[0])))
