"""Content words of a report, counted: the term frequencies that TF-IDF keywords are built
from (the IDF is computed in dbt over the whole corpus in the warehouse, so it follows the
corpus instead of jieba's generic one)."""
from __future__ import annotations

import re
from collections import Counter
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


def term_counts(segmented: Segmented) -> tuple[tuple[str, int], ...]:
    """(term, count) of the report's content words, most frequent first."""
    # Count first, then judge each distinct word once: a report repeats most of its words.
    counts = Counter(segmented.tokens)
    kept = [(term, n) for term, n in counts.items()
            if _HAN.fullmatch(term) and term not in stopwords() and tag_of(term).startswith(_CONTENT_TAGS)]
    return tuple(sorted(kept, key=lambda item: (-item[1], item[0])))
