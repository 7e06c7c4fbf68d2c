"""jieba, loaded once per process with the project's government-term dictionary, and one
segmentation of each report that every later step reads.

Part-of-speech tags come from jieba's dictionary rather than from `jieba.posseg`, whose
HMM tagger costs four times the segmentation itself. Words the dictionary does not know
are tagged by their shape: numbers `m`, Latin `eng`, punctuation `x`, and Chinese words
`n`, since out-of-vocabulary words in these reports are mostly place and project names.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path

from extract import settings

USER_DICT = Path(__file__).with_name("data") / "user_dict.txt"
_NUMBER = re.compile(r"[\d.,%]*\d[\d.,%]*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _cache_dir() -> Path:
    # jieba's default cache sits in a shared /tmp, which breaks when users or workers share a machine.
    path = settings.cache_dir() / "jieba"
    path.mkdir(parents=True, exist_ok=True)
    return path


@lru_cache(maxsize=1)
def tokenizer():
    """jieba's default tokenizer, initialised on first use: importing this package stays cheap."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = str(_cache_dir())
    jieba.dt.initialize()
    jieba.load_userdict(str(USER_DICT))
    return jieba.dt


@lru_cache(maxsize=1)
def _tag_table() -> dict[str, str]:
    import jieba.posseg  # loads the dictionary's tags (and HMM tables we do not use)

    # posseg merges the user dictionary's tags only lazily, into its own table.
    return {**jieba.posseg.dt.word_tag_tab, **tokenizer().user_word_tag_tab}


def is_known(word: str) -> bool:
    """Whether jieba's dictionary (or the project's) has the word."""
    return word in _tag_table()


# jieba's dictionary counts 新建 1,000 times and 建设 26,381, but small places' names
# (黎平 33, 斗门 17, 牟定 3) a few dozen: below this a known word is more likely a name.
_COMMON_FREQUENCY = 200


def is_common(word: str) -> bool:
    """Whether the word is frequent in jieba's dictionary: a common word more than a name."""
    return (tokenizer().FREQ.get(word) or 0) >= _COMMON_FREQUENCY


@lru_cache(maxsize=1 << 16)
def tag_of(word: str) -> str:
    """Cached: every step asks for the tags of the same few thousand words."""
    return _tag_table().get(word) or _tag_by_shape(word)


def _tag_by_shape(word: str) -> str:
    if _NUMBER.fullmatch(word):
        return "m"
    if _LATIN.fullmatch(word):
        return "eng"
    return "n" if _HAN.fullmatch(word) else "x"


def words(text: str) -> list[str]:
    return tokenizer().lcut(text)


@dataclass(frozen=True)
class Segmented:
    """A text cut into words once; positions are character offsets into `text`."""

    text: str
    tokens: tuple[str, ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Segmented:
        tokens = tuple(words(text))
        return cls(text, tokens, tuple(accumulate(map(len, tokens[:-1]), initial=0)) if tokens else ())

    @cached_property
    def counts(self) -> Counter:
        """How often each word occurs: what content words and stated places are counted from."""
        return Counter(self.tokens)

    def index_at(self, position: int) -> int:
        """Index of the token holding the character at `position`."""
        return bisect_right(self.starts, position) - 1

    def starts_a_word(self, position: int) -> bool:
        """In 签约2100名 the 约 ends the word 签约; in 近万人次 the 近 begins the word 近万."""
        index = self.index_at(position)
        return index >= 0 and self.starts[index] == position

    def word_at(self, position: int, tags: tuple[str, ...]) -> bool:
        """Whether a word of one of `tags` starts at `position` (用于 after 1200万)."""
        index = self.index_at(position)
        return index >= 0 and self.starts[index] == position and tag_of(self.tokens[index]).startswith(tags)

    def slice(self, start: int, end: int) -> list[tuple[str, str]]:
        """(word, tag) of text[start:end] in the text's own segmentation. A word cut by
        either edge is kept clipped and tagged by its shape: in 12个村 the 村 left over from
        the guessed word 个村 is a noun, whatever the dictionary says of 村 alone."""
        first, last = max(self.index_at(start), 0), bisect_left(self.starts, end)
        found = []
        for token, token_start in zip(self.tokens[first:last], self.starts[first:last]):
            if start <= token_start and token_start + len(token) <= end:
                found.append((token, tag_of(token)))
                continue
            clipped = token[max(0, start - token_start):end - token_start]
            found.append((clipped, _tag_by_shape(clipped)))
        return found

    def noun_across(self, end: int) -> bool:
        """Whether a dictionary noun runs across `end`: in 近千万家庭 the 家 that would end a
        metric is the first character of 家庭. Words the HMM guessed (个村 in 12个村) have no
        dictionary tag and do not count."""
        index = self.index_at(end - 1)
        token = self.tokens[index]
        token_end = self.starts[index] + len(token)
        return token_end > end and _tag_table().get(token, "").startswith("n")
